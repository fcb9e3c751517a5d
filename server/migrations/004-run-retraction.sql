-- A retracted run is kept (and listed as retracted) but left out of the fleet figures.
alter table runs add column retracted_at timestamptz;

alter table runs add column retraction_reason text;
