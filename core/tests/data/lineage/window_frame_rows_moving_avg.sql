select
  date_day,
  channel,
  spend,
  avg(spend) over (partition by channel order by date_day rows between 6 preceding and current row) as spend_7d_avg
from marketing.ad_spend
