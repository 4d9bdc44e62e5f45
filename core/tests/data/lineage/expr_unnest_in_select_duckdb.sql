select event_id, unnest(tags) as tag from web.events
