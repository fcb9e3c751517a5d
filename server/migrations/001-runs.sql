-- Runs are append-only and keyed by the id the device gave them, so any node of a distributed
-- Postgres-compatible engine can accept one without a sequence, trigger or lock.
create table runs (
  run_id uuid primary key,
  schema_version integer not null,
  model_id text not null,
  device text not null,
  browser text not null,
  started_at timestamptz not null,
  image_set_sha256 text not null,
  received_at timestamptz not null default now(),
  record jsonb not null
);

create index runs_started_at on runs (started_at, run_id);

create index runs_model on runs (model_id, started_at);

create index runs_device on runs (device, browser);

-- One row per configuration of a run: what the list filters and the fleet matrix read.
create table run_configs (
  run_id uuid not null references runs (run_id),
  config_id text not null,
  status text not null,
  top1_agreement double precision,
  accuracy_top1 double precision,
  latency_p50_ms double precision,
  primary key (run_id, config_id)
);

create index run_configs_config on run_configs (config_id);
