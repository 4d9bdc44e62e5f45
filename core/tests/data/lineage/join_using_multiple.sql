with spend as (select date_day, channel, sum(spend) as spend from marketing.ad_spend group by 1, 2),
clicks as (select date_day, channel, sum(clicks) as clicks from marketing.ad_spend group by 1, 2)
select date_day, channel, spend, clicks
from spend
join clicks using (date_day, channel)
