-- DuckDB table macro over `procsnap-replay fleet --jsonl` output: every column typed, so nothing depends on
-- which keys and values the first rows happen to hold. read_json_auto infers the types from a sample of
-- the first 20,480 rows: a column null in all of them (`skipped` when the first 10,000 archives read fine,
-- `trigger` when none of them was taken by `procsnap watch`) reads as NULL for every later row, and a
-- `related` role first seen later is dropped.
--
--   duckdb -init fleet/fleet.sql            (or .read fleet/fleet.sql in a session)
--   SELECT count(*) FROM procsnap_fleet('fleet.jsonl');
--   SELECT count(*) FROM procsnap_fleet('fleet-*.jsonl');    -- several runs' outputs at once
--
-- The columns, in the order fleet writes them (FleetRendererTests checks this list against FleetRenderer).
CREATE OR REPLACE MACRO procsnap_fleet(path) AS TABLE
SELECT * FROM read_json(path, format = 'newline_delimited', columns = {
    file: 'VARCHAR',
    host: 'VARCHAR',
    machine_id: 'VARCHAR',
    kernel: 'VARCHAR',
    capture_time: 'TIMESTAMPTZ',
    state: 'VARCHAR',
    entries: 'BIGINT',
    entries_ok: 'BIGINT',
    processes: 'INTEGER',
    threads: 'INTEGER',
    worst: 'VARCHAR',
    rule_id: 'VARCHAR',
    severity: 'VARCHAR',
    summary: 'VARCHAR',
    evidence: 'VARCHAR[]',
    subject: 'VARCHAR',
    related: 'MAP(VARCHAR, VARCHAR[])',
    not_evaluated: 'VARCHAR[]',
    trigger: 'VARCHAR',
    trigger_summary: 'VARCHAR',
    skipped: 'VARCHAR',
    skip_reason: 'VARCHAR'
});
