select channel, campaign_id, sum(spend) as spend
from marketing.ad_spend
group by cube (channel, campaign_id)
