-- dialect: snowflake
select e.event_id, f.index as tag_position, f.value::string as tag
from web.events e,
lateral flatten(input => e.tags, outer => true) f
