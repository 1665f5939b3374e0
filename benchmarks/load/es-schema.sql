-- The anchor's tables: what an event-sourced write minimally touches (a stream row with its version, the event, the snapshot).
create table if not exists es_streams (id uuid primary key, version int not null);
create table if not exists es_events (seq bigserial primary key, stream_id uuid not null, version int not null, type text not null,
    data jsonb not null, recorded timestamptz not null default now(), unique (stream_id, version));
create table if not exists es_snapshots (id uuid primary key, version int not null, data jsonb not null);
create table if not exists one_insert (id bigserial primary key, data jsonb not null);
