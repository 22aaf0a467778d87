-- platform-messaging's InboxPruner forgets entries past their retention, by age.
CREATE INDEX inbox_received ON inbox (received_at);
