-- dialect: snowflake
select
  e.event_id,
  item.value:sku::string as sku,
  item.value:qty::number as quantity
from app.raw_events e,
lateral flatten(input => e.properties:items) item
