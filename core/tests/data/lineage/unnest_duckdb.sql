select e.event_id, t.tag from web.events e, unnest(e.tags) as t(tag)
