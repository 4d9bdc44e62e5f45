-- dialect: snowflake
select
  date_day,
  campaign_id,
  sum(clicks) over (partition by campaign_id order by date_day rows between 27 preceding and current row) as clicks_28d
from marketing.ad_spend
