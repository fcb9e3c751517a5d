-- A run too large for one request (or one jsonb value: ImageNet's 50,000 images are about 290 MB of
-- JSON) goes up in parts: its header (the record without its per-image results), then the images a
-- part at a time. It becomes a run (a `runs` row, with part_count set) only when its last part lands.
create table run_uploads (
  run_id uuid primary key,
  header jsonb not null,
  part_count integer not null,
  image_count integer not null,
  campaign_id uuid references campaigns (campaign_id),
  device text,
  received_at timestamptz not null default now()
);

create table run_parts (
  run_id uuid not null references run_uploads (run_id),
  part_index integer not null,
  image_count integer not null,
  images jsonb not null,
  primary key (run_id, part_index)
);

alter table runs add column part_count integer;
