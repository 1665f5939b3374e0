-- A month's charges as plain columns (see MonthCharges.cs and docs/decisions.md, "A month's charges as plain columns"): one row
-- per loan and kind ('lending', the lending charge; 'replacement', a lost item's bill), in the month it is cleared in, taken from
-- the loan's ChargedLoan document (ledger.mt_doc_chargedloan) whenever that is written (a request, an import's or a rebuild's
-- COPY, a charge, a restatement, a bill). Derived only, kept by the triggers of Infrastructure/Marten/DerivedRows.sql, which
-- MonthChargesSchema.cs appends to this script; a change here bumps the version there.

-- A document's rows: its lending charge and its replacement bill, each when it has one. The one place the columns are read out
-- of the JSON (the triggers and the refill of DerivedRows.sql, and the audit's check, call it).
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
