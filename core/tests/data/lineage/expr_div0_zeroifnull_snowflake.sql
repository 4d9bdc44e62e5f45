-- dialect: snowflake
select
  date_day,
  campaign_id,
  div0(spend, clicks) as cost_per_click,
  zeroifnull(impressions) as impressions
from marketing.ad_spend
