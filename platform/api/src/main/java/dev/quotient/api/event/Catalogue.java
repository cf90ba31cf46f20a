package dev.quotient.api.event;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every event and command of the platform, with its address and payload record. */
public final class Catalogue {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

  public static final EventType<Events.ActivityRecorded> ACTIVITY_RECORDED =
      new EventType<>("activity.recorded", Events.ActivityRecorded.class);
  public static final EventType<Events.ModuleCompleted> MODULE_COMPLETED =
      new EventType<>("module.completed", Events.ModuleCompleted.class);
  public static final EventType<Events.PointsAwarded> POINTS_AWARDED =
      new EventType<>("points.awarded", Events.PointsAwarded.class);
  public static final EventType<Events.BadgeAwarded> BADGE_AWARDED =
      new EventType<>("badge.awarded", Events.BadgeAwarded.class);
  public static final EventType<Events.PraiseGiven> PRAISE_GIVEN =
      new EventType<>("praise.given", Events.PraiseGiven.class);
  public static final EventType<Events.MentorMatched> MENTOR_MATCHED =
      new EventType<>("mentor.matched", Events.MentorMatched.class);
  public static final EventType<Events.PlanAccepted> PLAN_ACCEPTED =
      new EventType<>("plan.accepted", Events.PlanAccepted.class);
  public static final EventType<Events.ContestWon> CONTEST_WON =
      new EventType<>("contest.won", Events.ContestWon.class);

  public static final EventType<Events.CandidateHired> CANDIDATE_HIRED =
      new EventType<>("candidate.hired", Events.CandidateHired.class);

  public static final CommandType<Commands.RecordActivity, Commands.ActivityReceipt> RECORD_ACTIVITY =
      new CommandType<>("activity.record", Commands.RecordActivity.class, Commands.ActivityReceipt.class);
  public static final CommandType<Commands.AwardBadge, Events.BadgeAwarded> AWARD_BADGE =
      new CommandType<>("badge.award", Commands.AwardBadge.class, Events.BadgeAwarded.class);
  public static final CommandType<Commands.CreateUser, Commands.UserCreated> CREATE_USER =
      new CommandType<>("user.create", Commands.CreateUser.class, Commands.UserCreated.class);
  public static final CommandType<Commands.AssignModule, Commands.ModuleAssigned> ASSIGN_MODULE =
      new CommandType<>("module.assign", Commands.AssignModule.class, Commands.ModuleAssigned.class);
  public static final CommandType<Commands.TrainingStatusQuery, Commands.TrainingStatus> TRAINING_STATUS =
      new CommandType<>("training.status", Commands.TrainingStatusQuery.class, Commands.TrainingStatus.class);
  public static final CommandType<Commands.FindModules, Commands.ModulesFound> FIND_MODULES =
      new CommandType<>("modules.find", Commands.FindModules.class, Commands.ModulesFound.class);
  public static final CommandType<Commands.SuggestMentor, Commands.MentorSuggestion> SUGGEST_MENTOR =
      new CommandType<>("mentor.suggest", Commands.SuggestMentor.class, Commands.MentorSuggestion.class);
  public static final CommandType<Commands.MentorshipsQuery, Commands.Mentorships> MENTORSHIPS =
      new CommandType<>("mentorships.status", Commands.MentorshipsQuery.class, Commands.Mentorships.class);
  public static final CommandType<Commands.SkillGapsQuery, Commands.SkillGaps> SKILL_GAPS =
      new CommandType<>("skills.gaps", Commands.SkillGapsQuery.class, Commands.SkillGaps.class);

  /** An admin changed the organisation's settings: drop what was kept of them (its time zone above all). */
  public static final EventType<Events.OrganisationChanged> ORGANISATION_CHANGED =
      new EventType<>("organisation.changed", Events.OrganisationChanged.class);

  /** An admin recorded that a person left (their last day and why): turnover counts it. */
  public static final EventType<Events.UserDeparted> USER_DEPARTED =
      new EventType<>("user.departed", Events.UserDeparted.class);
  /** A person who left was brought back: their departure no longer counts. */
  public static final EventType<Events.UserReturned> USER_RETURNED =
      new EventType<>("user.returned", Events.UserReturned.class);

  /**
   * A person moved to another team as of a day: what they earned from that day counts for the new
   * team, what came before stays with the old one.
   */
  public static final EventType<Events.UserMoved> USER_MOVED = new EventType<>("user.moved", Events.UserMoved.class);

  /** The demo organisation and all its data were removed: what was kept of it goes. */
  public static final EventType<Events.OrganisationRemoved> ORGANISATION_REMOVED =
      new EventType<>("organisation.removed", Events.OrganisationRemoved.class);

  public static final List<EventType<?>> EVENTS = List.of(
      ACTIVITY_RECORDED, MODULE_COMPLETED, POINTS_AWARDED, BADGE_AWARDED, PRAISE_GIVEN,
      MENTOR_MATCHED, PLAN_ACCEPTED, CONTEST_WON, CANDIDATE_HIRED, ORGANISATION_CHANGED,
      USER_DEPARTED, USER_RETURNED, USER_MOVED, ORGANISATION_REMOVED);

  public static final List<CommandType<?, ?>> COMMANDS = List.of(
      RECORD_ACTIVITY, AWARD_BADGE, CREATE_USER, ASSIGN_MODULE, TRAINING_STATUS, FIND_MODULES, SUGGEST_MENTOR, MENTORSHIPS, SKILL_GAPS);

  private Catalogue() {}

  /** Every record class that crosses the event bus: each gets a codec. */
  public static List<Class<? extends Record>> payloadTypes() {
    return Stream.concat(
            EVENTS.stream().map(EventType::payload),
            COMMANDS.stream().flatMap(c -> Stream.of(c.payload(), c.reply())))
        .<Class<? extends Record>>map(c -> c)
        .distinct()
        .toList();
  }

  static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("event names are dotted lower-case words: " + name);
    }
  }
}
