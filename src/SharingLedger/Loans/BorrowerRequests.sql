-- How many of a borrower's requests of each month count towards its quota (see BorrowerRequests.cs and docs/decisions.md, "A
-- borrower's requests counted by month"): one row per consortium (tenant), borrower and month requested, kept from the loans'
-- snapshots (ledger.mt_doc_loan). Derived only: statement triggers on the snapshots' table add what a statement inserts (a request;
-- an import's or a rebuild's bulk insert), move what it updates (a request cancelled, unfilled, or tried again), take off what it
-- deletes, and a truncate of the snapshots empties it, so every writer of the snapshots keeps it without code of its own. A loan
-- request then reads at most twelve rows, however many requests its borrower made in the year.
-- The triggers' names carry the version: a change here bumps it, and the script recreates and refills the table.
-- Placeholders (filled in by BorrowerRequestsSchema.cs): __version__, __not_counting__ (the states that do not count, quoted).

-- Whether a request in this state (the snapshot's data->>'state') counts towards its borrower's quota: the one place it is said.
create or replace function ledger.borrower_request_counts(state text) returns boolean language sql immutable as $fn$
  select coalesce(state, '') not in (__not_counting__)
$fn$;

create or replace function ledger.borrower_requests_inserted() returns trigger language plpgsql as $fn$
begin
  if not exists (select from inserted) then return null; end if; -- an upsert that updated (DerivedRows.sql)
  insert into ledger.borrower_requests as b (tenant_id, borrower_id, month, counted)
  select tenant_id, borrower_id, requested_month, count(*) from inserted
  where borrower_id is not null and ledger.borrower_request_counts(data->>'state')
  group by 1, 2, 3 order by 1, 2, 3 -- one order of row locks for every writer
  on conflict (tenant_id, borrower_id, month) do update set counted = b.counted + excluded.counted;
  return null;
end
$fn$;

create or replace function ledger.borrower_requests_updated() returns trigger language plpgsql as $fn$
begin
  if not exists (select from new_loans) then return null; end if; -- an upsert that inserted
  insert into ledger.borrower_requests as b (tenant_id, borrower_id, month, counted)
  select tenant_id, borrower_id, month, sum(s) from (
    select tenant_id, borrower_id, requested_month as month, 1 as s from new_loans
    where borrower_id is not null and ledger.borrower_request_counts(data->>'state')
    union all
    select tenant_id, borrower_id, requested_month, -1 from old_loans
    where borrower_id is not null and ledger.borrower_request_counts(data->>'state')) d
  group by 1, 2, 3 having sum(s) <> 0 order by 1, 2, 3
  on conflict (tenant_id, borrower_id, month) do update set counted = b.counted + excluded.counted;
  return null;
end
$fn$;

create or replace function ledger.borrower_requests_deleted() returns trigger language plpgsql as $fn$
begin
  if not exists (select from deleted) then return null; end if;
  insert into ledger.borrower_requests as b (tenant_id, borrower_id, month, counted)
  select tenant_id, borrower_id, requested_month, -count(*) from deleted
  where borrower_id is not null and ledger.borrower_request_counts(data->>'state')
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (tenant_id, borrower_id, month) do update set counted = b.counted + excluded.counted;
  return null;
end
$fn$;

-- The counts of some consortia (tenants), or of all when null, counted again from their snapshots: the script's first fill, and
-- an operator's repair of some consortia without rebuilding their loans (a count changed by hand survives the triggers' deltas).
create or replace function ledger.borrower_requests_refill(tenants varchar[]) returns void language plpgsql as $fn$
begin
  delete from ledger.borrower_requests where tenants is null or tenant_id = any(tenants);
  insert into ledger.borrower_requests
  select tenant_id, borrower_id, requested_month, count(*) from ledger.mt_doc_loan
  where (tenants is null or tenant_id = any(tenants)) and borrower_id is not null and ledger.borrower_request_counts(data->>'state')
  group by 1, 2, 3;
end
$fn$;

create or replace function ledger.borrower_requests_clear() returns trigger language plpgsql as $fn$
begin
  truncate ledger.borrower_requests;
  return null;
end
$fn$;

-- One statement, so one transaction: the snapshots are locked against writers while the table is refilled and the triggers
-- created, and no snapshot can be written between the refill and the trigger that would have counted it.
do $do$
declare
  t record;
begin
  lock table ledger.mt_doc_loan in share row exclusive mode;
  for t in select tgname from pg_trigger where tgrelid = 'ledger.mt_doc_loan'::regclass and tgname like 'borrower\_requests\_%' loop
    execute format('drop trigger %I on ledger.mt_doc_loan', t.tgname);
  end loop;

  drop table if exists ledger.borrower_requests;
  create table ledger.borrower_requests (
    tenant_id varchar not null, borrower_id uuid not null, month varchar not null, counted bigint not null,
    primary key (tenant_id, borrower_id, month));
  perform ledger.borrower_requests_refill(null);

  create trigger borrower_requests___version___insert after insert on ledger.mt_doc_loan
    referencing new table as inserted for each statement execute function ledger.borrower_requests_inserted();
  create trigger borrower_requests___version___update after update on ledger.mt_doc_loan
    referencing old table as old_loans new table as new_loans for each statement execute function ledger.borrower_requests_updated();
  create trigger borrower_requests___version___delete after delete on ledger.mt_doc_loan
    referencing old table as deleted for each statement execute function ledger.borrower_requests_deleted();
  create trigger borrower_requests___version___truncate after truncate on ledger.mt_doc_loan
    for each statement execute function ledger.borrower_requests_clear();
end
$do$;
