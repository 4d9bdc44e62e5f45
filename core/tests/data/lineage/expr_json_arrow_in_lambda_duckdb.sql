select event_id,
       list_transform(tags, t -> upper(t)) as upper_tags,
       list_transform(tags, (t -> t || '!')) as loud_tags,
       list_filter(tags, t -> t <> (payload -> 'skip')) as kept_tags,
       payload -> 'device' -> 'os' as device_os
from web.events
