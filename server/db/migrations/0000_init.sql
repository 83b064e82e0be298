CREATE TABLE `campaigns` (
	`slug` text PRIMARY KEY NOT NULL,
	`title_fr` text NOT NULL,
	`title_en` text NOT NULL,
	`intro_fr` text NOT NULL,
	`intro_en` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `keyring` (
	`id` text PRIMARY KEY NOT NULL,
	`public_key` text NOT NULL,
	`label` text NOT NULL,
	`added_day` text NOT NULL,
	`removed_day` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `keyring_publicKey_unique` ON `keyring` (`public_key`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY NOT NULL,
	`campaign` text NOT NULL,
	`envelope` blob NOT NULL,
	`day` text NOT NULL,
	FOREIGN KEY (`campaign`) REFERENCES `campaigns`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submissions_campaign_day` ON `submissions` (`campaign`,`day`);