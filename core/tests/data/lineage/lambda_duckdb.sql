select event_id, list_transform(tags, x -> upper(x)) as tags_uc from web.events
