select
  event_id,
  epoch(tstamp) as tstamp_epoch,
  extract(hour from tstamp) as hour_of_day,
  dayname(tstamp) as weekday
from web.pageviews
