-- dialect: snowflake
select
  event_id,
  parse_json(payload):customer.id::number as payload_customer_id,
  get(parse_json(payload), 'channel')::string as channel
from web.events
