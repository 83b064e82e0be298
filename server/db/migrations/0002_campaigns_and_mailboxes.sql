CREATE TABLE `mailbox_replies` (
	`id` integer PRIMARY KEY NOT NULL,
	`mailbox` text NOT NULL,
	`envelope` blob NOT NULL,
	`day` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mailbox_replies_mailbox` ON `mailbox_replies` (`mailbox`);--> statement-breakpoint
CREATE INDEX `mailbox_replies_day` ON `mailbox_replies` (`day`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `questions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `opens_day` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `closes_day` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `closed` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `submissions_day` ON `submissions` (`day`);