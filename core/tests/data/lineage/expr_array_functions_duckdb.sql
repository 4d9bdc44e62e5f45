select
  event_id,
  len(tags) as tag_count,
  list_contains(tags, 'promo') as is_promo,
  tags[1] as first_tag
from web.events
