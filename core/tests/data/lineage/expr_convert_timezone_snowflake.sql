-- dialect: snowflake
select
  event_id,
  convert_timezone('UTC', 'America/New_York', received_at) as received_at_et,
  date_part(hour, received_at) as received_hour,
  year(received_at) as received_year
from app.raw_events
