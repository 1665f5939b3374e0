-- A loan's lending facts as plain columns (see LoanFactsTable.cs and docs/decisions.md, "A member's loans read as plain columns"):
-- one row per loan with what a member's lending figures read of it (LendingFacts.cs: parties, request id, service level, state,
-- requested and supplied days, its steps' actions and days, the pages of its charge) and what the council's ILL statistics read (the
-- charge's month and the amount billed to the borrower), taken from the loan's snapshot
-- (ledger.mt_doc_loan). A member's obligations read its loans here, without the snapshots' JSON (writing out 300 snapshots as text
-- was most of the time an answer took to work out again). Derived only, kept by the triggers of Infrastructure/Marten/DerivedRows.sql
-- (a request, every step, an import's or a rebuild's COPY), which LoanFactsTable.cs appends to this script; a change here bumps
-- the version there.

-- A snapshot's row: the one place the columns are read out of the JSON (the triggers, the refill and the audit's check call it).
-- Exactly one row for any document, whatever its JSON (every join below keeps the one row of x), so a snapshot updated has its row
-- updated in place (LoanFactsSchema.OneRowPerDocument).
create or replace function ledger.loan_fact_row(tenant varchar, loan uuid, data jsonb)
returns table (tenant_id varchar, id uuid, borrower_id uuid, lender_id uuid, request_id varchar, borrower_code varchar,
  service_level varchar, state varchar, requested_on date, supplied_on date, actions varchar[], action_days date[],
  charged_on date, pages integer, billed_pages integer, agreement_version integer, charge_month varchar, billed_amount numeric,
  billed_currency varchar)
language sql immutable as $fn$
  select tenant, loan, (j->>'borrowerId')::uuid, (j->>'lenderId')::uuid, coalesce(j->>'requestId', ''),
    coalesce(j->>'borrowerCode', ''), j->>'serviceLevel', j->>'state', (j->>'requestedOn')::date, (j->>'suppliedOn')::date,
    array(select s->>'action' from jsonb_array_elements(j->'steps') with ordinality as a(s, n) where s->>'action' is not null order by n),
    array(select (s->>'on')::date from jsonb_array_elements(j->'steps') with ordinality as a(s, n) where s->>'action' is not null order by n),
    c.on_date, c.pages, c.billed_pages, c.agreement_version, b.month, b.amount, b.currency
  -- The snapshot once, decompressed: most are over PostgreSQL's 2 kB and kept compressed, and each j->>... of the stored value
  -- would decompress it again (about 20 times a row; the refill of 159,123 loans 4.6 s -> 1.7 s). An object concatenated to an
  -- empty one is itself (PostgreSQL returns it as read); anything else is taken as it is.
  from (select case when jsonb_typeof(data) = 'object' then '{}'::jsonb || data else data end as j offset 0) x
  cross join lateral (select case when jsonb_typeof(j->'charge') = 'object' and (j->'charge'->>'pages') is not null
                     and (j->'charge'->>'billedPages') is not null then 1 end as charged) k
  left join lateral (select (j->'charge'->>'on')::date as on_date, (j->'charge'->>'pages')::integer as pages,
      (j->'charge'->>'billedPages')::integer as billed_pages, (j->'charge'->>'agreementVersion')::integer as agreement_version
    where k.charged = 1) c on true
  -- Any charge (by the page or not): its month and what was billed.
  left join lateral (select j->'charge'->>'month' as month, (j->'charge'->'billed'->>'amount')::numeric as amount,
      j->'charge'->'billed'->>'currency' as currency
    where jsonb_typeof(j->'charge') = 'object') b on true
$fn$;
