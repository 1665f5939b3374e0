-- A month's charges as plain columns (see MonthCharges.cs and docs/decisions.md, "A month's charges as plain columns"): one row
-- per loan and kind ('lending', the lending charge; 'replacement', a lost item's bill), in the month it is cleared in, taken from
-- the loan's ChargedLoan document (ledger.mt_doc_chargedloan) whenever that is written. Derived only: statement triggers on the
-- documents' table keep it as they are inserted (a request, an import's or a rebuild's COPY), updated (a charge, a restatement,
-- a bill) or deleted, and a truncate of the documents empties it, so every writer of the documents keeps it without code of its
-- own. The triggers' names carry the version: a change here bumps it, and the script recreates and refills the table.
-- Placeholders (filled in by MonthChargesSchema.cs): __version__.

-- A document's rows: its lending charge and its replacement bill, each when it has one. The one place the columns are read out
-- of the JSON (the triggers and the refill below all call it).
create or replace function ledger.month_charge_rows(tenant varchar, loan uuid, data jsonb)
returns table (tenant_id varchar, month varchar, kind varchar, loan_id uuid, request_id varchar, borrower_id uuid, lender_id uuid,
  on_date date, recorded_at timestamptz, amount numeric, currency varchar, max_cost numeric, max_cost_currency varchar,
  condition_accepted boolean, agreement_version integer, basis varchar, lost_on date, adjusts_month varchar)
language sql immutable as $fn$
  select tenant, c->>'month', 'lending', loan, coalesce(data->>'requestId', ''), (c->>'borrowerId')::uuid, (c->>'lenderId')::uuid,
    (c->>'on')::date, (c->>'recordedAt')::timestamptz, (c->'charge'->>'amount')::numeric, c->'charge'->>'currency',
    (c->'maxCost'->>'amount')::numeric, c->'maxCost'->>'currency', coalesce((c->>'conditionAccepted')::boolean, false),
    (c->>'agreementVersion')::integer, c->>'basis', null::date, c->>'adjustsMonth'
  from (select data->'charge' as c) x where jsonb_typeof(c) = 'object'
  union all
  select tenant, r->>'month', 'replacement', loan, coalesce(data->>'requestId', ''), (r->>'borrowerId')::uuid, (r->>'lenderId')::uuid,
    (r->>'on')::date, (r->>'recordedAt')::timestamptz, (r->'replacementCost'->>'amount')::numeric, r->'replacementCost'->>'currency',
    null, null, false, null, null, (r->>'lostOn')::date, r->>'adjustsMonth'
  from (select data->'replacement' as r) x where jsonb_typeof(r) = 'object'
$fn$;

create or replace function ledger.month_charges_inserted() returns trigger language plpgsql as $fn$
begin
  insert into ledger.month_charges
  select f.* from inserted d cross join lateral ledger.month_charge_rows(d.tenant_id, d.id, d.data) f
  where jsonb_typeof(d.data->'charge') = 'object' or jsonb_typeof(d.data->'replacement') = 'object';
  return null;
end
$fn$;

create or replace function ledger.month_charges_updated() returns trigger language plpgsql as $fn$
begin
  delete from ledger.month_charges m using updated d where m.loan_id = d.id and m.tenant_id = d.tenant_id;
  insert into ledger.month_charges
  select f.* from updated d cross join lateral ledger.month_charge_rows(d.tenant_id, d.id, d.data) f;
  return null;
end
$fn$;

create or replace function ledger.month_charges_deleted() returns trigger language plpgsql as $fn$
begin
  delete from ledger.month_charges m using deleted d where m.loan_id = d.id and m.tenant_id = d.tenant_id;
  return null;
end
$fn$;

-- The charges of some consortia (tenants), or of all when null, taken again from their documents: the script's first fill, and
-- an operator's repair of some consortia without rebuilding their loans (a row added by hand for no loan survives the triggers).
create or replace function ledger.month_charges_refill(tenants varchar[]) returns void language plpgsql as $fn$
begin
  delete from ledger.month_charges where tenants is null or tenant_id = any(tenants);
  insert into ledger.month_charges
  select f.* from ledger.mt_doc_chargedloan d cross join lateral ledger.month_charge_rows(d.tenant_id, d.id, d.data) f
  where tenants is null or d.tenant_id = any(tenants);
end
$fn$;

create or replace function ledger.month_charges_clear() returns trigger language plpgsql as $fn$
begin
  truncate ledger.month_charges;
  return null;
end
$fn$;

-- One statement, so one transaction: the documents are locked against writers while the table is refilled and the triggers
-- created, and no document can be written between the refill and the trigger that would have copied it.
do $do$
declare
  t record;
begin
  lock table ledger.mt_doc_chargedloan in share row exclusive mode;
  for t in select tgname from pg_trigger where tgrelid = 'ledger.mt_doc_chargedloan'::regclass and tgname like 'month\_charges\_%' loop
    execute format('drop trigger %I on ledger.mt_doc_chargedloan', t.tgname);
  end loop;

  drop table if exists ledger.month_charges;
  create table ledger.month_charges (
    tenant_id varchar not null, month varchar not null, kind varchar not null, loan_id uuid not null, request_id varchar not null,
    borrower_id uuid not null, lender_id uuid not null, on_date date not null, recorded_at timestamptz not null,
    amount numeric not null, currency varchar not null, max_cost numeric, max_cost_currency varchar,
    condition_accepted boolean not null, agreement_version integer, basis varchar, lost_on date, adjusts_month varchar,
    primary key (tenant_id, month, kind, loan_id));
  perform ledger.month_charges_refill(null);

  -- After the fill, so it starts compact: a loan's rows, what the triggers replace when its document changes.
  create index month_charges_loan on ledger.month_charges (loan_id);

  create trigger month_charges___version___insert after insert on ledger.mt_doc_chargedloan
    referencing new table as inserted for each statement execute function ledger.month_charges_inserted();
  create trigger month_charges___version___update after update on ledger.mt_doc_chargedloan
    referencing new table as updated for each statement execute function ledger.month_charges_updated();
  create trigger month_charges___version___delete after delete on ledger.mt_doc_chargedloan
    referencing old table as deleted for each statement execute function ledger.month_charges_deleted();
  create trigger month_charges___version___truncate after truncate on ledger.mt_doc_chargedloan
    for each statement execute function ledger.month_charges_clear();
end
$do$;
