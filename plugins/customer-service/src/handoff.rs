//! The hand-off to human agents, as messages: the [`Desk`](crate::desk::Desk) decides, [`Handoff`] tells everyone.
//!
//! - A customer asks for a human (`/agent`, or one of the configured phrases): it joins the
//!   queue, gets its place, and the agents' group is told (with what the intake collected).
//! - An agent types `/take` (or `/take <customer>`) in the agents' group: the customer is told
//!   who is there, the agent gets a brief (and the messages the customer wrote while waiting).
//! - From then on what the customer writes to the bot goes to the agent and what the agent
//!   writes to the bot (one-to-one) goes to the customer, each prefixed with its author.
//! - `/end` from either side closes the case: the agent gets the transcript as one merged
//!   message, the customer a satisfaction card ([`crate::rating`]) whose answer is thanked and
//!   reported to the agents' group.
//!
//! The desk lives in the bot's store ([`StoredDesk`]): a restart keeps the queue and the cases.

use timbot::core::backend::CreateGroupParams;
use timbot::core::types::{ConvType, Elem, GroupType, Message};
use timbot::core::{Client, Result};
use timbot::message::merge::Entry;
use timbot::message::{MergedMessage, MessageBuilder, Target};
use timbot::runtime::Context;

use crate::desk::{Ended, Requested, Route, TakeRefused};
use crate::handoff_settings::HandoffSettings;
use crate::rating::{score_of, RatingCard};
use crate::similarity::normalize;
use crate::stored_desk::StoredDesk;
use crate::template::fill;

/// The hand-off of one bot, as its settings say.
pub struct Handoff<'a> {
    settings: &'a HandoffSettings,
}

/// The desk of the bot `ctx` runs in.
fn desk(ctx: &Context) -> StoredDesk<'_> {
    StoredDesk::new(ctx.store().as_ref(), ctx.bot_name())
}

impl<'a> Handoff<'a> {
    /// The hand-off configured by `settings`; its desk is in the bot's store.
    pub fn new(settings: &'a HandoffSettings) -> Self {
        Handoff { settings }
    }

    /// Make sure the bot is in the agents' group, creating it (Work type, with the configured
    /// agents) when allowed and missing.
    pub async fn prepare_group(&self, client: &Client) -> Result<()> {
        let groups = client.groups()?;
        let group = &self.settings.agents_group;
        let joined = groups.joined_groups().await?;
        if joined.iter().any(|g| &g.group_id == group) || !self.settings.create_group {
            return Ok(());
        }
        let mut params = CreateGroupParams::new(GroupType::Work, "Support agents");
        params.group_id = Some(group.clone());
        params.members = self.settings.agents.clone();
        groups.create_group(params).await?;
        tracing::info!(group, "created the agents' group");
        Ok(())
    }

    /// Whether `customer` has an open case (waiting or with an agent).
    pub async fn has_case(&self, ctx: &Context, customer: &str) -> Result<bool> {
        Ok(desk(ctx).read().await?.has_case(customer))
    }

    /// Whether `text` asks for a human with one of the configured phrases.
    pub fn asks_for_human(&self, text: &str) -> bool {
        let padded = format!(" {} ", normalize(text));
        self.settings
            .phrases
            .iter()
            .map(|p| normalize(p))
            .any(|p| !p.is_empty() && padded.contains(&format!(" {p} ")))
    }

    /// The customer of `ctx` asks for a human; `summary` is what the bot collected.
    pub async fn request(&self, ctx: &Context, summary: Vec<String>) -> Result<()> {
        let customer = ctx.sender().to_owned();
        let (requested, queue) = desk(ctx)
            .update(|desk| {
                let requested = desk.request(&customer, summary.clone());
                (requested, desk.waiting().count())
            })
            .await?;
        match requested {
            Requested::Queued { case, position } => {
                let (case, position) = (case.to_string(), position.to_string());
                ctx.reply(fill(
                    &self.settings.queued_reply,
                    &[("case", &case), ("position", &position)],
                ))
                .await?;
                let queue = queue.to_string();
                let notice = fill(
                    &self.settings.agents_notice,
                    &[
                        ("customer", &customer),
                        ("case", &case),
                        ("queue", &queue),
                        ("summary", &summary_lines(&summary)),
                    ],
                );
                self.tell_agents(ctx, notice).await?;
            }
            Requested::AlreadyQueued { position } => {
                self.reply_waiting(ctx, position).await?;
            }
            Requested::AlreadyServed { agent } => {
                ctx.reply(format!("{agent} is already with you.")).await?;
            }
        }
        Ok(())
    }

    /// `/take [customer]` from an agent in the agents' group.
    pub async fn take(&self, ctx: &Context, customer: Option<&str>) -> Result<()> {
        if ctx.group_id() != Some(self.settings.agents_group.as_str()) {
            ctx.reply(format!(
                "Cases are taken in the agents' group ({}).",
                self.settings.agents_group
            ))
            .await?;
            return Ok(());
        }
        let agent = ctx.sender().to_owned();
        let (taken, queue) = desk(ctx)
            .update(|desk| (desk.take(&agent, customer), desk.waiting().count()))
            .await?;
        let taken = match taken {
            Ok(taken) => taken,
            Err(refused) => {
                let reply = match refused {
                    TakeRefused::QueueEmpty => "Nobody is waiting.".to_owned(),
                    TakeRefused::NotWaiting(who) => format!("{who} is not in the queue."),
                    TakeRefused::Busy(who) => {
                        format!("You already have a case with {who}; /end it first.")
                    }
                };
                ctx.reply_at(reply).await?;
                return Ok(());
            }
        };
        let case = taken.case.to_string();
        let queue = queue.to_string();
        ctx.reply(fill(
            &self.settings.taken_notice,
            &[
                ("agent", &agent),
                ("customer", &taken.customer),
                ("case", &case),
                ("queue", &queue),
            ],
        ))
        .await?;
        let brief = fill(
            &self.settings.agent_brief,
            &[
                ("customer", &taken.customer),
                ("case", &case),
                ("summary", &summary_lines(&taken.summary)),
            ],
        );
        send_text(ctx, ConvType::C2C, &agent, brief).await?;
        for waiting in &taken.waiting_messages {
            send_relayed(ctx, &agent, waiting).await?;
        }
        let hello = fill(&self.settings.taken_reply, &[("agent", &agent)]);
        send_text(ctx, ConvType::C2C, &taken.customer, hello).await?;
        Ok(())
    }

    /// `/queue`: the waiting customers, first first.
    pub async fn list_queue(&self, ctx: &Context) -> Result<()> {
        let desk = desk(ctx).read().await?;
        let waiting: Vec<&str> = desk.waiting().collect();
        let reply = if waiting.is_empty() {
            "Nobody is waiting.".to_owned()
        } else {
            let lines: Vec<String> = waiting
                .iter()
                .enumerate()
                .map(|(i, who)| format!("{}. {who}", i + 1))
                .collect();
            format!("Waiting:\n{}", lines.join("\n"))
        };
        ctx.reply(reply).await?;
        Ok(())
    }

    /// Pass on `message` if its sender has an open case; `false` when it has none.
    pub async fn relay(&self, ctx: &Context, message: &Message) -> Result<bool> {
        let route = desk(ctx)
            .update(|desk| desk.route(&message.sender, message.clone()))
            .await?;
        match route {
            Route::NoCase => return Ok(false),
            Route::Waiting(position) => self.reply_waiting(ctx, position).await?,
            Route::ToAgent(agent) => send_relayed(ctx, &agent, message).await?,
            Route::ToCustomer(customer) => send_relayed(ctx, &customer, message).await?,
        }
        Ok(true)
    }

    /// `/end` from a customer or an agent; `false` when the sender has no open case.
    pub async fn end(&self, ctx: &Context) -> Result<bool> {
        let ended = desk(ctx).update(|desk| desk.end(ctx.sender())).await?;
        let Some(ended) = ended else {
            return Ok(false);
        };
        let Some(agent) = ended.agent.clone() else {
            send_text(
                ctx,
                ConvType::C2C,
                &ended.customer,
                self.settings.left_queue_reply.clone(),
            )
            .await?;
            return Ok(true);
        };
        let bye = fill(&self.settings.ended_reply, &[("agent", &agent)]);
        send_text(ctx, ConvType::C2C, &ended.customer, bye).await?;
        let card = RatingCard::new(
            ended.case,
            &agent,
            &self.settings.rating_question,
            &self.settings.rating_labels,
        );
        ctx.send(Message::new(
            ConvType::C2C,
            ended.customer.clone(),
            vec![card.into_elem()?],
        ))
        .await?;
        send_text(
            ctx,
            ConvType::C2C,
            &agent,
            format!("Case #{} with {} is closed.", ended.case, ended.customer),
        )
        .await?;
        let transcript = self.transcript(ctx.self_id(), &agent, ended)?;
        ctx.send(transcript).await?;
        Ok(true)
    }

    /// Take `message` as the rating its sender owes; `false` when it owes none or the message
    /// is not a rating (the rating is then forgone).
    pub async fn rating(&self, ctx: &Context, message: &Message) -> Result<bool> {
        let scale = u8::try_from(self.settings.rating_labels.len()).unwrap_or(u8::MAX);
        let customer = message.sender.as_str();
        // Rated or not, the card is answered once: anything else moves on.
        let owed = desk(ctx).update(|desk| desk.rate(customer)).await?;
        let (Some(owed), Some(score)) = (owed, score_of(message, scale)) else {
            return Ok(false);
        };
        let (score, scale, case) = (score.to_string(), scale.to_string(), owed.case.to_string());
        tracing::info!(
            customer,
            agent = owed.agent,
            case,
            score,
            "satisfaction rating"
        );
        ctx.reply(fill(
            &self.settings.rating_thanks,
            &[("score", &score), ("scale", &scale)],
        ))
        .await?;
        let notice = fill(
            &self.settings.rating_notice,
            &[
                ("customer", customer),
                ("agent", &owed.agent),
                ("case", &case),
                ("score", &score),
                ("scale", &scale),
            ],
        );
        self.tell_agents(ctx, notice).await?;
        Ok(true)
    }

    /// The transcript of `ended` as a merged message to `agent`.
    fn transcript(&self, bot: &str, agent: &str, ended: Ended) -> Result<Message> {
        let case = ended.case.to_string();
        let title = fill(
            &self.settings.transcript_title,
            &[("customer", &ended.customer), ("case", &case)],
        );
        let mut merged = MergedMessage::new(title);
        if !ended.summary.is_empty() {
            let opened = ended
                .transcript
                .first()
                .map_or(0, |m| m.server_time.max(m.client_time));
            merged = merged.entry(Entry::text(bot, opened, ended.summary.join("\n")));
        }
        for message in ended.transcript {
            merged = merged.message(message);
        }
        MessageBuilder::new(Target::user(agent))
            .merged(merged)
            .build()
    }

    async fn reply_waiting(&self, ctx: &Context, position: usize) -> Result<()> {
        let position = position.to_string();
        ctx.reply(fill(
            &self.settings.waiting_reply,
            &[("position", &position)],
        ))
        .await?;
        Ok(())
    }

    async fn tell_agents(&self, ctx: &Context, text: String) -> Result<()> {
        send_text(ctx, ConvType::Group, &self.settings.agents_group, text).await
    }
}

/// The summary lines, each on its own line after a line break (empty when none).
fn summary_lines(summary: &[String]) -> String {
    summary.iter().map(|line| format!("\n{line}")).collect()
}

async fn send_text(ctx: &Context, conv_type: ConvType, to: &str, text: String) -> Result<()> {
    ctx.send(Message::new(conv_type, to, vec![Elem::text(text)]))
        .await?;
    Ok(())
}

/// Send `message`'s elements on to `to`, the text prefixed with its author.
async fn send_relayed(ctx: &Context, to: &str, message: &Message) -> Result<()> {
    let author = format!("{}: ", message.sender);
    let mut elems = message.elems.clone();
    match elems.first_mut() {
        Some(Elem::Text(text)) => text.content.insert_str(0, &author),
        _ => elems.insert(0, Elem::text(author.trim_end())),
    }
    ctx.send(Message::new(ConvType::C2C, to, elems)).await?;
    Ok(())
}
