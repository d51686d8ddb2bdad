-- Every cash mutation reads the shop's subscriptions to the topics it may fire, with the rows it
-- locks; this index finds them by shop and topic without walking the shop's other subscriptions.
CREATE INDEX webhook_subscriptions_topic ON webhook_subscriptions(shop_id, topic);
