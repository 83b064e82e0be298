CREATE TABLE `reply_parts` (
	`id` integer PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL
);
--> statement-breakpoint
CREATE TABLE `submission_parts` (
	`id` integer PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `submission_parts_follow_their_submission` AFTER DELETE ON `submissions` BEGIN
	DELETE FROM `submission_parts` WHERE `id` IN (SELECT (`value` << 53) | old.`id` FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31]'));
END;
--> statement-breakpoint
CREATE TRIGGER `reply_parts_follow_their_reply` AFTER DELETE ON `mailbox_replies` BEGIN
	DELETE FROM `reply_parts` WHERE `id` IN (SELECT (`value` << 53) | old.`id` FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31]'));
END;
--> statement-breakpoint
WITH RECURSIVE `part` (`owner`, `n`) AS (
	SELECT `id`, 1 FROM `submissions` WHERE length(`envelope`) > 3840
	UNION ALL
	SELECT `part`.`owner`, `part`.`n` + 1 FROM `part` JOIN `submissions` ON `submissions`.`id` = `part`.`owner`
	WHERE length(`submissions`.`envelope`) > 3840 * (`part`.`n` + 1)
)
INSERT INTO `submission_parts` (`id`, `bytes`)
SELECT (`n` << 53) | `owner`, substr(`envelope`, 3840 * `n` + 1, 3840) FROM `part` JOIN `submissions` ON `submissions`.`id` = `part`.`owner`;
--> statement-breakpoint
UPDATE `submissions` SET `envelope` = substr(`envelope`, 1, 3840) WHERE length(`envelope`) > 3840;
--> statement-breakpoint
WITH RECURSIVE `part` (`owner`, `n`) AS (
	SELECT `id`, 1 FROM `mailbox_replies` WHERE length(`envelope`) > 3840
	UNION ALL
	SELECT `part`.`owner`, `part`.`n` + 1 FROM `part` JOIN `mailbox_replies` ON `mailbox_replies`.`id` = `part`.`owner`
	WHERE length(`mailbox_replies`.`envelope`) > 3840 * (`part`.`n` + 1)
)
INSERT INTO `reply_parts` (`id`, `bytes`)
SELECT (`n` << 53) | `owner`, substr(`envelope`, 3840 * `n` + 1, 3840) FROM `part` JOIN `mailbox_replies` ON `mailbox_replies`.`id` = `part`.`owner`;
--> statement-breakpoint
UPDATE `mailbox_replies` SET `envelope` = substr(`envelope`, 1, 3840) WHERE length(`envelope`) > 3840;
