-- A conformance run (docs/conformance.md): the whole record, and one row per case for the operator × device view.
create table conformance_runs (
  suite_id uuid primary key,
  received_at timestamptz not null default now(),
  schema_version integer not null,
  suite text not null,
  device text not null,
  browser text not null,
  started_at timestamptz not null,
  record jsonb not null
);

create table conformance_cases (
  suite_id uuid not null references conformance_runs (suite_id),
  config_id text not null,
  case_id text not null,
  op text not null,
  status text not null,
  max_abs_error double precision,
  primary key (suite_id, config_id, case_id)
);

create index conformance_cases_op on conformance_cases (op, config_id);
