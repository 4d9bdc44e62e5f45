select
  event_id,
  anonymous_id,
  tstamp,
  lag(tstamp) over (partition by anonymous_id order by tstamp) as previous_tstamp,
  date_diff('minute', lag(tstamp) over (partition by anonymous_id order by tstamp), tstamp) as minutes_since_previous
from web.pageviews
