-- dialect: snowflake
select e.event_id, t.value::string as tag
from web.events e,
table(flatten(input => e.tags)) t
