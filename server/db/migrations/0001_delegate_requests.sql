CREATE TABLE `deliveries` (
	`key_id` text NOT NULL,
	`submission_id` integer NOT NULL,
	PRIMARY KEY(`key_id`, `submission_id`),
	FOREIGN KEY (`key_id`) REFERENCES `keyring`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `deliveries_submission` ON `deliveries` (`submission_id`);--> statement-breakpoint
CREATE TABLE `request_nonces` (
	`nonce` text PRIMARY KEY NOT NULL,
	`expires` integer NOT NULL
);
