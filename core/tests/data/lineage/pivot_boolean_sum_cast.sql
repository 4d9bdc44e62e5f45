select
  anonymous_id,
  sum(cast(device = 'mobile' as integer)) as mobile_views,
  sum(cast(device = 'desktop' as integer)) as desktop_views
from web.pageviews
group by anonymous_id
