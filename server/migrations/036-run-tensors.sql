-- Full tensors of a traced run (docs/cross-device-localization.md): only the outputs a cross-device
-- localization asks for (a divergent node's and its inputs'), each exactly the bytes whose sha256 the
-- run's trace holds, within a size cap per tensor and per run.
create table run_tensors (
  run_id uuid not null references runs (run_id),
  config_id text not null,
  output text not null,
  bytes integer not null,
  data bytea not null,
  received_at timestamptz not null default now(),
  primary key (run_id, config_id, output)
);
