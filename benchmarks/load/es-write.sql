-- A new stream per transaction (as a loan request is): claim its version, append the event, upsert the snapshot.
\set n random(1, 9000000000000000000)
begin;
insert into es_streams (id, version) values (md5(:n::text)::uuid, 1)
    on conflict (id) do update set version = es_streams.version + 1;
insert into es_events (stream_id, version, type, data)
    values (md5(:n::text)::uuid, 1, 'loan_requested', '{"borrowerId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","lenderId":"3f2504e0-4f89-11d3-9a0c-0305e82c3302","serviceType":"loan","serviceLevel":"normal","requestId":"r"}');
insert into es_snapshots (id, version, data)
    values (md5(:n::text)::uuid, 1, '{"borrowerId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","lenderId":"3f2504e0-4f89-11d3-9a0c-0305e82c3302","state":"requested"}')
    on conflict (id) do update set version = excluded.version, data = excluded.data;
commit;
