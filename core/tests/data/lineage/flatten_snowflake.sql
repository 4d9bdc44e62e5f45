-- dialect: snowflake
select e.event_id, f.value:sku::string as sku, f.index as position
from web.events e,
lateral flatten(input => e.tags) f
