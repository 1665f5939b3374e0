-- Running totals of the postings table (see PostingTotals.cs and docs/performance.md, "Running totals").
-- Everything here is derived from ledger.mt_doc_posting and rebuilt from it when this script runs: a statement trigger counts
-- the postings a statement inserts (one by one for a few, as Marten's upserts write them; grouped for many, as a rebuild's COPY
-- writes thousands: one upsert per table instead of two per row), a row trigger keeps the totals as postings are updated or
-- deleted, and a truncate of the postings (a projection rebuild) empties them. The triggers' names carry the version: a change
-- here bumps it, and the script recreates and refills everything.
-- The same triggers keep the month-end snapshots of the totals (PostingSnapshots.cs): the members' sums and every receivable
-- item's sums over the postings dated on or before a month's last day, taken when a past date first asks for them.
-- Placeholders (filled in by PostingTotalsSchema.cs): __version__, __receivable__, __payable__, __payment__, __reversal__, __refund__, __in_kind__,
-- __snapshot_lock__.
-- Paid is what members paid net of payments reversed and overpayments refunded; those debits are not assessed.

-- Fragments, each written once and put in where its name stands between double underscores (PostingTotalsSchema.Script): a
-- member's sums over postings (assessed, paid, credits, in kind, payable), and the upserts' additions, the same whether one
-- posting, a statement's postings or all of them are counted.
--@ member_sums
  coalesce(sum(debit) filter (where account = '__receivable__' and event_type not in ('__reversal__', '__refund__')), 0),
    coalesce(sum(credit) filter (where account = '__receivable__' and event_type = '__payment__'), 0)
      - coalesce(sum(debit) filter (where account = '__receivable__' and event_type in ('__reversal__', '__refund__')), 0),
    coalesce(sum(credit) filter (where account = '__receivable__' and event_type not in ('__payment__', '__in_kind__')), 0),
    coalesce(sum(credit) filter (where account = '__receivable__' and event_type = '__in_kind__'), 0),
    coalesce(sum(credit - debit) filter (where account = '__payable__'), 0)
--@ end
--@ snapshot_member_added
  on conflict (consortium_id, currency, last_day, member_id) do update set
    postings = t.postings + excluded.postings, net = t.net + excluded.net, assessed = t.assessed + excluded.assessed,
    paid = t.paid + excluded.paid, credits = t.credits + excluded.credits, in_kind = t.in_kind + excluded.in_kind,
    payable = t.payable + excluded.payable
--@ end
--@ snapshot_item_added
  on conflict (consortium_id, currency, last_day, member_id, item_key) do update set
    original = i.original + excluded.original, credited = i.credited + excluded.credited, on_account = i.on_account + excluded.on_account
--@ end
--@ member_totals_added
  on conflict (consortium_id, member_id, currency) do update set
    postings = t.postings + excluded.postings, net = t.net + excluded.net, assessed = t.assessed + excluded.assessed,
    paid = t.paid + excluded.paid, credits = t.credits + excluded.credits, in_kind = t.in_kind + excluded.in_kind,
    payable = t.payable + excluded.payable,
    last_day = greatest(t.last_day, excluded.last_day), last_ticks = greatest(t.last_ticks, excluded.last_ticks)
--@ end
--@ item_totals_added
  on conflict (consortium_id, member_id, currency, item_key) do update set
    original = i.original + excluded.original, credited = i.credited + excluded.credited, on_account = i.on_account + excluded.on_account,
    (first_id, first_day, first_ticks, first_event, first_line, first_memo, first_fact_day) = (
    select case when e then excluded.first_id else i.first_id end, case when e then excluded.first_day else i.first_day end,
    case when e then excluded.first_ticks else i.first_ticks end, case when e then excluded.first_event else i.first_event end,
    case when e then excluded.first_line else i.first_line end, case when e then excluded.first_memo else i.first_memo end,
    case when e then excluded.first_fact_day else i.first_fact_day end
    from (select excluded.first_id is not null and (i.first_id is null or (excluded.first_day, excluded.first_ticks, excluded.first_event,
    excluded.first_line) < (i.first_day, i.first_ticks, i.first_event, i.first_line)) as e) earlier)
--@ end

-- One posting counted in (s = 1) or out (s = -1) of the totals and the snapshots.
create or replace function ledger.posting_totals_add(p ledger.mt_doc_posting, s int) returns void language plpgsql as $fn$
declare
  is_first boolean;
begin
  if p.member_id is null then return; end if;

  -- The snapshots taken at month ends on or after the posting's day count it too, as deltas like the totals below. The
  -- shared lock keeps a snapshot from being taken while this transaction is writing postings (posting_snapshot_take).
  perform pg_advisory_xact_lock_shared(__snapshot_lock__, hashtext(p.consortium_id::text));
  if exists (select 1 from ledger.posting_snapshot_months m
             where m.consortium_id = p.consortium_id and m.currency = p.currency and m.last_day >= p.business_day) then
    insert into ledger.posting_snapshot_members as t
      (consortium_id, currency, last_day, member_id, postings, net, assessed, paid, credits, in_kind, payable)
    select m.consortium_id, m.currency, m.last_day, p.member_id, s, s * (p.debit - p.credit),
      case when p.account = '__receivable__' and p.event_type not in ('__reversal__', '__refund__') then s * p.debit else 0 end,
      case when p.account = '__receivable__' and p.event_type = '__payment__' then s * p.credit
           when p.account = '__receivable__' and p.event_type in ('__reversal__', '__refund__') then -s * p.debit else 0 end,
      case when p.account = '__receivable__' and p.event_type not in ('__payment__', '__in_kind__') then s * p.credit else 0 end,
      case when p.account = '__receivable__' and p.event_type = '__in_kind__' then s * p.credit else 0 end,
      case when p.account = '__payable__' then s * (p.credit - p.debit) else 0 end
    from ledger.posting_snapshot_months m
    where m.consortium_id = p.consortium_id and m.currency = p.currency and m.last_day >= p.business_day
    __snapshot_member_added__;
    if p.account = '__receivable__' then
      insert into ledger.posting_snapshot_items as i (consortium_id, currency, last_day, member_id, item_key, original, credited, on_account)
      select m.consortium_id, m.currency, m.last_day, p.member_id, p.item_key, s * p.debit,
        case when p.item_id is not null then s * p.credit else 0 end, case when p.item_id is null then s * p.credit else 0 end
      from ledger.posting_snapshot_months m
      where m.consortium_id = p.consortium_id and m.currency = p.currency and m.last_day >= p.business_day
      __snapshot_item_added__;
    end if;
  end if;

  -- The member's sums, as PostingSql.TotalsAsync and StatementTotalsAsync add them up. The last business day and
  -- recorded instant only grow (a deletion leaves an upper bound): readers use the totals only when every posting
  -- they count is in force, and an upper bound can only send them to the slower query.
  insert into ledger.posting_member_totals as t
    (consortium_id, member_id, currency, postings, net, assessed, paid, credits, in_kind, payable, last_day, last_ticks)
  values (p.consortium_id, p.member_id, p.currency, s, s * (p.debit - p.credit),
    case when p.account = '__receivable__' and p.event_type not in ('__reversal__', '__refund__') then s * p.debit else 0 end,
    case when p.account = '__receivable__' and p.event_type = '__payment__' then s * p.credit
         when p.account = '__receivable__' and p.event_type in ('__reversal__', '__refund__') then -s * p.debit else 0 end,
    case when p.account = '__receivable__' and p.event_type not in ('__payment__', '__in_kind__') then s * p.credit else 0 end,
    case when p.account = '__receivable__' and p.event_type = '__in_kind__' then s * p.credit else 0 end,
    case when p.account = '__payable__' then s * (p.credit - p.debit) else 0 end,
    p.business_day, p.recorded_ticks)
  __member_totals_added__;

  if p.account is distinct from '__receivable__' then return; end if;

  -- The item's sums, as PostingSql.OpenItemsAsync groups them: debits, credits naming an item, credits on account;
  -- and its first debit in the ledger's order (its date, memo and place among the oldest), in the same statement so
  -- that a posting updates the row once.
  is_first := s > 0 and p.debit > 0;
  insert into ledger.posting_item_totals as i (consortium_id, member_id, currency, item_key, original, credited, on_account,
      first_id, first_day, first_ticks, first_event, first_line, first_memo, first_fact_day)
  values (p.consortium_id, p.member_id, p.currency, p.item_key, s * p.debit,
    case when p.item_id is not null then s * p.credit else 0 end,
    case when p.item_id is null then s * p.credit else 0 end,
    case when is_first then p.id end, case when is_first then p.business_day end, case when is_first then p.recorded_ticks end,
    case when is_first then p.event_id end, case when is_first then p.line end, case when is_first then p.data ->> 'memo' end,
    case when is_first then (p.data ->> 'factDate')::date - date '0001-01-01' end)
  __item_totals_added__;

  if s < 0 and p.debit > 0 then
    -- The first debit went: the next one in order takes its place (none: the item has no date until a debit comes).
    update ledger.posting_item_totals i set (first_id, first_day, first_ticks, first_event, first_line, first_memo, first_fact_day) = (
        select d.id, d.business_day, d.recorded_ticks, d.event_id, d.line, d.data ->> 'memo', (d.data ->> 'factDate')::date - date '0001-01-01'
        from ledger.mt_doc_posting d
        where d.consortium_id = p.consortium_id and d.member_id = p.member_id and d.currency = p.currency
          and d.account = '__receivable__' and d.item_key = p.item_key and d.debit > 0 and d.id <> p.id
        order by d.business_day, d.recorded_ticks, d.event_id, d.line limit 1)
      where i.consortium_id = p.consortium_id and i.member_id = p.member_id and i.currency = p.currency
        and i.item_key = p.item_key and i.first_id = p.id;
  end if;
end
$fn$;

-- A posting updated (counted out as it was, in as it is) or deleted.
create or replace function ledger.posting_totals_track() returns trigger language plpgsql as $fn$
begin
  perform ledger.posting_totals_add(old, -1);
  if tg_op = 'UPDATE' then perform ledger.posting_totals_add(new, 1); end if;
  return null;
end
$fn$;

-- The postings one statement inserted (its transition table "inserted"), counted as posting_totals_add counts one,
-- grouped: the same sums, and each item's first debit the earliest of the statement's in the ledger's order.
create or replace function ledger.posting_totals_inserted() returns trigger language plpgsql as $fn$
declare
  one ledger.mt_doc_posting;
begin
  -- A few rows (Marten's upserts write one posting per statement) are counted one by one: the grouped statements below cost
  -- more than that for a single row.
  if (select count(*) from (select 1 from inserted limit 17) few) <= 16 then
    for one in select * from inserted loop
      perform ledger.posting_totals_add(one, 1);
    end loop;
    return null;
  end if;

  -- The snapshots' shared lock of every consortium written (posting_snapshot_take), in one order so writers never wait on each other.
  perform pg_advisory_xact_lock_shared(__snapshot_lock__, hashtext(c::text))
  from (select distinct consortium_id as c from inserted where member_id is not null order by 1) written;

  insert into ledger.posting_snapshot_members as t
    (consortium_id, currency, last_day, member_id, postings, net, assessed, paid, credits, in_kind, payable)
  select m.consortium_id, m.currency, m.last_day, p.member_id, count(*), sum(p.debit - p.credit),
    __member_sums__
  from inserted p
  join ledger.posting_snapshot_months m on m.consortium_id = p.consortium_id and m.currency = p.currency and m.last_day >= p.business_day
  where p.member_id is not null
  group by m.consortium_id, m.currency, m.last_day, p.member_id
  __snapshot_member_added__;

  insert into ledger.posting_snapshot_items as i (consortium_id, currency, last_day, member_id, item_key, original, credited, on_account)
  select m.consortium_id, m.currency, m.last_day, p.member_id, p.item_key, sum(p.debit),
    coalesce(sum(p.credit) filter (where p.item_id is not null), 0), coalesce(sum(p.credit) filter (where p.item_id is null), 0)
  from inserted p
  join ledger.posting_snapshot_months m on m.consortium_id = p.consortium_id and m.currency = p.currency and m.last_day >= p.business_day
  where p.member_id is not null and p.account = '__receivable__'
  group by m.consortium_id, m.currency, m.last_day, p.member_id, p.item_key
  __snapshot_item_added__;

  insert into ledger.posting_member_totals as t
    (consortium_id, member_id, currency, postings, net, assessed, paid, credits, in_kind, payable, last_day, last_ticks)
  select consortium_id, member_id, currency, count(*), sum(debit - credit),
    __member_sums__,
    max(business_day), max(recorded_ticks)
  from inserted where member_id is not null
  group by consortium_id, member_id, currency
  __member_totals_added__;

  insert into ledger.posting_item_totals as i (consortium_id, member_id, currency, item_key, original, credited, on_account,
      first_id, first_day, first_ticks, first_event, first_line, first_memo, first_fact_day)
  select g.consortium_id, g.member_id, g.currency, g.item_key, g.original, g.credited, g.on_account,
    f.id, f.business_day, f.recorded_ticks, f.event_id, f.line, f.memo, f.fact_day
  from (select consortium_id, member_id, currency, item_key, sum(debit) as original,
          coalesce(sum(credit) filter (where item_id is not null), 0) as credited,
          coalesce(sum(credit) filter (where item_id is null), 0) as on_account
        from inserted where member_id is not null and account = '__receivable__'
        group by consortium_id, member_id, currency, item_key) g
  left join (select distinct on (consortium_id, member_id, currency, item_key)
               consortium_id, member_id, currency, item_key, id, business_day, recorded_ticks, event_id, line, data ->> 'memo' as memo,
               (data ->> 'factDate')::date - date '0001-01-01' as fact_day
             from inserted where member_id is not null and account = '__receivable__' and debit > 0
             order by consortium_id, member_id, currency, item_key, business_day, recorded_ticks, event_id, line) f
    using (consortium_id, member_id, currency, item_key)
  __item_totals_added__;
  return null;
end
$fn$;

create or replace function ledger.posting_totals_clear() returns trigger language plpgsql as $fn$
begin
  truncate ledger.posting_member_totals, ledger.posting_item_totals, ledger.posting_snapshot_months, ledger.posting_snapshot_members,
    ledger.posting_snapshot_items;
  return null;
end
$fn$;

-- A snapshot of a consortium's totals in a currency over the postings dated on or before last_day (a month's last day): every
-- member's sums and every receivable item's sums, kept from then on by the trigger above. It waits for no writer: while a
-- transaction is writing postings of the consortium (the trigger's shared lock) it takes nothing and answers false, and the
-- reader adds the postings up another way. Holding the lock, it sees every committed posting and no writer can start
-- counting postings into the snapshot before it is complete. True when the snapshot exists.
create or replace function ledger.posting_snapshot_take(c uuid, cur varchar, last integer) returns boolean language plpgsql as $fn$
begin
  if exists (select 1 from ledger.posting_snapshot_months where consortium_id = c and currency = cur and last_day = last) then
    return true;
  end if;
  if not pg_try_advisory_xact_lock(__snapshot_lock__, hashtext(c::text)) then
    return false;
  end if;
  if exists (select 1 from ledger.posting_snapshot_months where consortium_id = c and currency = cur and last_day = last) then
    return true;
  end if;
  insert into ledger.posting_snapshot_months (consortium_id, currency, last_day) values (c, cur, last);
  insert into ledger.posting_snapshot_members (consortium_id, currency, last_day, member_id, postings, net, assessed, paid, credits, in_kind, payable)
  select c, cur, last, member_id, count(*), sum(debit - credit),
    __member_sums__
  from ledger.mt_doc_posting where consortium_id = c and currency = cur and member_id is not null and business_day <= last
  group by member_id;
  insert into ledger.posting_snapshot_items (consortium_id, currency, last_day, member_id, item_key, original, credited, on_account)
  select c, cur, last, member_id, item_key, sum(debit), coalesce(sum(credit) filter (where item_id is not null), 0),
    coalesce(sum(credit) filter (where item_id is null), 0)
  from ledger.mt_doc_posting where consortium_id = c and currency = cur and member_id is not null and account = '__receivable__'
    and business_day <= last
  group by member_id, item_key;
  -- Statistics for the planner now: a read follows at once, and a snapshot's rows would otherwise be planned as a guess.
  analyze ledger.posting_snapshot_members;
  analyze ledger.posting_snapshot_items;
  return true;
end
$fn$;

-- The totals of some consortia (every one when null) counted again from their postings, and their month-end snapshots dropped (a
-- past date takes them again when it asks): the script's own fill, and what rebuild-postings runs after rewriting postings with the
-- triggers off (Ledger/Rebuild/PostingRebuild.cs). The caller holds the postings against writers.
create or replace function ledger.posting_totals_recount(consortia uuid[]) returns void language plpgsql as $fn$
begin
  delete from ledger.posting_member_totals where consortia is null or consortium_id = any(consortia);
  delete from ledger.posting_item_totals where consortia is null or consortium_id = any(consortia);
  delete from ledger.posting_snapshot_months where consortia is null or consortium_id = any(consortia);
  delete from ledger.posting_snapshot_members where consortia is null or consortium_id = any(consortia);
  delete from ledger.posting_snapshot_items where consortia is null or consortium_id = any(consortia);
  insert into ledger.posting_member_totals
  select consortium_id, member_id, currency, count(*), sum(debit - credit),
    __member_sums__,
    max(business_day), max(recorded_ticks)
  from ledger.mt_doc_posting where member_id is not null and (consortia is null or consortium_id = any(consortia))
  group by consortium_id, member_id, currency;

  insert into ledger.posting_item_totals
  select g.consortium_id, g.member_id, g.currency, g.item_key, g.original, g.credited, g.on_account,
    f.id, f.business_day, f.recorded_ticks, f.event_id, f.line, f.memo, f.fact_day
  from (select consortium_id, member_id, currency, item_key, sum(debit) as original,
          coalesce(sum(credit) filter (where item_id is not null), 0) as credited,
          coalesce(sum(credit) filter (where item_id is null), 0) as on_account
        from ledger.mt_doc_posting where member_id is not null and account = '__receivable__' and (consortia is null or consortium_id = any(consortia))
        group by consortium_id, member_id, currency, item_key) g
  left join (select distinct on (consortium_id, member_id, currency, item_key)
               consortium_id, member_id, currency, item_key, id, business_day, recorded_ticks, event_id, line, data ->> 'memo' as memo,
               (data ->> 'factDate')::date - date '0001-01-01' as fact_day
             from ledger.mt_doc_posting where member_id is not null and account = '__receivable__' and debit > 0
               and (consortia is null or consortium_id = any(consortia))
             order by consortium_id, member_id, currency, item_key, business_day, recorded_ticks, event_id, line) f
    using (consortium_id, member_id, currency, item_key);
end
$fn$;

-- One statement, so one transaction: the postings are locked against writers while the totals are refilled and the
-- triggers created, and no posting can be written between the refill and the trigger that would have counted it.
do $do$
declare
  t record;
begin
  lock table ledger.mt_doc_posting in share row exclusive mode;
  for t in select tgname from pg_trigger where tgrelid = 'ledger.mt_doc_posting'::regclass and tgname like 'posting\_totals\_%' loop
    execute format('drop trigger %I on ledger.mt_doc_posting', t.tgname);
  end loop;

  drop table if exists ledger.posting_member_totals;
  create table ledger.posting_member_totals (
    consortium_id uuid not null, member_id uuid not null, currency varchar not null,
    postings bigint not null, net bigint not null, assessed bigint not null, paid bigint not null, credits bigint not null,
    in_kind bigint not null, payable bigint not null, last_day integer not null, last_ticks bigint not null,
    primary key (consortium_id, currency, member_id));

  drop table if exists ledger.posting_item_totals;
  create table ledger.posting_item_totals (
    consortium_id uuid not null, member_id uuid not null, currency varchar not null, item_key varchar not null,
    original bigint not null, credited bigint not null, on_account bigint not null,
    first_id varchar, first_day integer, first_ticks bigint, first_event uuid, first_line integer, first_memo varchar, first_fact_day integer,
    primary key (consortium_id, member_id, currency, item_key));
  drop table if exists ledger.posting_snapshot_months;
  create table ledger.posting_snapshot_months (
    consortium_id uuid not null, currency varchar not null, last_day integer not null, primary key (consortium_id, currency, last_day));
  drop table if exists ledger.posting_snapshot_members;
  create table ledger.posting_snapshot_members (
    consortium_id uuid not null, currency varchar not null, last_day integer not null, member_id uuid not null,
    postings bigint not null, net bigint not null, assessed bigint not null, paid bigint not null, credits bigint not null,
    in_kind bigint not null, payable bigint not null,
    primary key (consortium_id, currency, last_day, member_id));
  drop table if exists ledger.posting_snapshot_items;
  create table ledger.posting_snapshot_items (
    consortium_id uuid not null, currency varchar not null, last_day integer not null, member_id uuid not null, item_key varchar not null,
    original bigint not null, credited bigint not null, on_account bigint not null,
    primary key (consortium_id, currency, last_day, member_id, item_key));
  -- The items of a snapshot that are open or leave something unallocated, what a past-date read takes from it.
  create index posting_snapshot_items_open on ledger.posting_snapshot_items (consortium_id, currency, last_day, member_id)
    include (item_key, original, credited, on_account) where original > credited or on_account > 0 or credited > original;

  perform ledger.posting_totals_recount(null);

  -- Indexes after the fill, so they start compact. The open items of a member (or of every member) in the order the oldest take what is unallocated.
  create index posting_item_totals_open on ledger.posting_item_totals
    (consortium_id, currency, member_id, first_day, first_ticks, first_event, first_line)
    include (item_key, original, credited, first_memo, first_fact_day) where original > credited;
  -- The items that leave something unallocated: credits on account, credits beyond the item.
  create index posting_item_totals_unallocated on ledger.posting_item_totals
    (consortium_id, currency, member_id) include (original, credited, on_account) where on_account > 0 or credited > original;

  create trigger posting_totals___version__ after update or delete on ledger.mt_doc_posting
    for each row execute function ledger.posting_totals_track();
  create trigger posting_totals___version___insert after insert on ledger.mt_doc_posting
    referencing new table as inserted for each statement execute function ledger.posting_totals_inserted();
  create trigger posting_totals___version___truncate after truncate on ledger.mt_doc_posting
    for each statement execute function ledger.posting_totals_clear();
end
$do$;
