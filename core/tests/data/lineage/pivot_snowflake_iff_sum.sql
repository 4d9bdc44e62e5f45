-- dialect: snowflake
select
  date_day,
  sum(iff(channel = 'google', spend, 0)) as google_spend,
  sum(iff(channel = 'facebook', spend, 0)) as facebook_spend,
  sum(iff(channel not in ('google', 'facebook'), spend, 0)) as other_spend
from marketing.ad_spend
group by date_day
