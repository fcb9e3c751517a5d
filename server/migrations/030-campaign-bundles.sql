-- Repro bundles a campaign carries (docs/repro-bundles.md), and each device's answer to each: "does this
-- device have the bug?". The zip is kept as base64 text: both engines store text the same way.
create table campaign_bundles (
  campaign_id uuid not null references campaigns (campaign_id),
  bundle_sha256 text not null,
  file_name text not null,
  manifest jsonb not null,
  zip_base64 text not null,
  added_at timestamptz not null default now(),
  primary key (campaign_id, bundle_sha256)
);

create table campaign_bundle_answers (
  campaign_id uuid not null,
  bundle_sha256 text not null,
  device text not null,
  answer jsonb not null,
  answered_at timestamptz not null default now(),
  primary key (campaign_id, bundle_sha256, device),
  foreign key (campaign_id, bundle_sha256) references campaign_bundles (campaign_id, bundle_sha256)
);
