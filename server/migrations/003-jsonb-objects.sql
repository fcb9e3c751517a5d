-- Records and plans were once stored as a JSON string inside jsonb (record->'model' was null):
-- unwrap them into the objects they encode.
update runs set record = (record #>> '{}')::jsonb where jsonb_typeof(record) = 'string';

update campaigns set plan = (plan #>> '{}')::jsonb where jsonb_typeof(plan) = 'string';
