-- The triggers, refill and creation of a table of rows derived one document at a time (DerivedRowsSchema.cs): each document of
-- __schema__.__watched__ gives zero or more rows of __schema__.__name__ through the row function __schema__.__row__(tenant,
-- id, data), which the slice's own script defines before this. Statement triggers on the documents' table keep the rows as
-- documents are inserted (a write; an import's or a rebuild's COPY), updated or deleted, and a truncate of the documents empties
-- them, so every writer of the documents keeps them without code of its own. The triggers' names carry the version: a change
-- bumps it, and the script recreates and refills the table.
-- Each trigger returns at once when its statement touched no document: an upsert (insert ... on conflict do update) fires both the
-- insert and the update triggers whichever it did, and a function that goes on to plan and run its statements over an empty
-- transition table cost a loan request about a sixth of its PostgreSQL time (docs/performance.md, "Triggers that return at once").

create or replace function __schema__.__name___inserted() returns trigger language plpgsql as $fn$
begin
  if not exists (select from inserted) then return null; end if;
  insert into __schema__.__name__
  select f.* from inserted d cross join lateral __schema__.__row__(d.tenant_id, d.id, d.data) f;
  return null;
end
$fn$;

-- A document updated: its rows replaced by what it gives now (DerivedRowsSchema.UpdatedRows: deleted and inserted again, or, for a
-- table of one row per document, that row updated in place, and only when one of its values changed).
create or replace function __schema__.__name___updated() returns trigger language plpgsql as $fn$
begin
  if not exists (select from updated) then return null; end if;
  __updated_rows__
  return null;
end
$fn$;

create or replace function __schema__.__name___deleted() returns trigger language plpgsql as $fn$
begin
  if not exists (select from deleted) then return null; end if;
  delete from __schema__.__name__ t using deleted d where t.__key__ = d.id and t.tenant_id = d.tenant_id;
  return null;
end
$fn$;

-- The rows of some consortia (tenants), or of all when null, taken again from their documents: the script's first fill, and an
-- operator's repair of some consortia without rebuilding their documents (a row changed or added by hand survives the triggers).
create or replace function __schema__.__name___refill(tenants varchar[]) returns void language plpgsql as $fn$
begin
  delete from __schema__.__name__ where tenants is null or tenant_id = any(tenants);
  insert into __schema__.__name__
  select f.* from __schema__.__watched__ d cross join lateral __schema__.__row__(d.tenant_id, d.id, d.data) f
  where tenants is null or d.tenant_id = any(tenants);
end
$fn$;

create or replace function __schema__.__name___clear() returns trigger language plpgsql as $fn$
begin
  truncate __schema__.__name__;
  return null;
end
$fn$;

-- One statement, so one transaction: the documents are locked against writers while the table is refilled and the triggers
-- created, and no document can be written between the refill and the trigger that would have copied it.
do $do$
declare
  t record;
begin
  lock table __schema__.__watched__ in share row exclusive mode;
  for t in select tgname from pg_trigger where tgrelid = '__schema__.__watched__'::regclass and tgname like '__name_pattern__' loop
    execute format('drop trigger %I on __schema__.__watched__', t.tgname);
  end loop;

  drop table if exists __schema__.__name__;
  create table __schema__.__name__ (__columns__);
  perform __schema__.__name___refill(null);

  -- After the fill, so they start compact.
  __indexes__

  create trigger __name_____version___insert after insert on __schema__.__watched__
    referencing new table as inserted for each statement execute function __schema__.__name___inserted();
  create trigger __name_____version___update after update on __schema__.__watched__
    referencing new table as updated for each statement execute function __schema__.__name___updated();
  create trigger __name_____version___delete after delete on __schema__.__watched__
    referencing old table as deleted for each statement execute function __schema__.__name___deleted();
  create trigger __name_____version___truncate after truncate on __schema__.__watched__
    for each statement execute function __schema__.__name___clear();
end
$do$;
