-- A campaign is a plan many devices run; a contribution links one stored run to it.
create table campaigns (
  campaign_id uuid primary key,
  created_at timestamptz not null default now(),
  plan jsonb not null
);

create table campaign_runs (
  campaign_id uuid not null references campaigns (campaign_id),
  run_id uuid not null references runs (run_id),
  added_at timestamptz not null default now(),
  primary key (campaign_id, run_id)
);
