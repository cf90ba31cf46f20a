package dev.quotient.api.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The payloads of commands (request/reply) and their replies. */
public final class Commands {

  private Commands() {}

  /**
   * Store one activity. {@code clientId} makes it idempotent: a repeat is acknowledged once and
   * counted once.
   */
  public record RecordActivity(
      String orgId, String clientId, String userId, String kind, Instant occurredAt, double value) {
    public RecordActivity {
      Events.requireIds(orgId, clientId, userId);
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(occurredAt, "occurredAt");
    }
  }

  /** Acknowledges a stored activity; {@code duplicate} when the client id was seen before. */
  public record ActivityReceipt(String activityId, boolean duplicate) {
    public ActivityReceipt {
      Events.requireIds(activityId);
    }
  }

  /** Award a badge by hand (a leader's decision). */
  public record AwardBadge(String orgId, String userId, String badgeId, String awardedBy) {
    public AwardBadge {
      Events.requireIds(orgId, userId, badgeId, awardedBy);
    }
  }

  /**
   * Create a user account (a hired candidate becoming a rep). The platform checks that {@code actorId}
   * may: an admin creates any roles, a leader only reps. Fails with a client error (400 for a bad or
   * taken email, 403 when the actor may not) and creates nothing then.
   *
   * @param teamId the team to join, or null
   * @param roles role keys ({@code rep}, {@code mentor}, ...)
   */
  public record CreateUser(String orgId, String actorId, String name, String email, String teamId, List<String> roles) {
    public CreateUser {
      Events.requireIds(orgId, actorId);
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(email, "email");
      roles = List.copyOf(roles);
    }
  }

  /** The account created. */
  public record UserCreated(String orgId, String userId, String email) {
    public UserCreated {
      Events.requireIds(orgId, userId);
      Objects.requireNonNull(email, "email");
    }
  }

  /**
   * Assign a training module to a rep (a development plan's training), due on {@code dueOn}
   * (ISO date in the organisation's zone). Assigning again brings the due date forward, never back: a
   * person keeps an earlier deadline (a team's), and the reply's {@code dueOn} is the one in force. 404 for an
   * unknown module or user, 403 when {@code actorId} may not assign.
   */
  public record AssignModule(String orgId, String actorId, String userId, String moduleId, String dueOn) {
    public AssignModule {
      Events.requireIds(orgId, actorId, userId, moduleId);
      Objects.requireNonNull(dueOn, "dueOn");
    }
  }

  /** The assignment as stored, with the module's title for the plan. */
  public record ModuleAssigned(String orgId, String userId, String moduleId, String title, String dueOn) {
    public ModuleAssigned {
      Events.requireIds(orgId, userId, moduleId);
    }
  }

  /** Ask how the given people stand with their training (a leader's dashboard); others' ids are left out. */
  public record TrainingStatusQuery(String orgId, List<String> userIds) {
    public TrainingStatusQuery {
      Events.requireIds(orgId);
      userIds = List.copyOf(userIds);
    }
  }

  /** Per person: modules completed, assignments open and overdue, reinforcements missed. */
  public record TrainingStatus(List<PersonTraining> people) {
    public TrainingStatus {
      people = List.copyOf(people);
    }
  }

  /**
   * @param completedModuleIds every module the person completed (passed)
   * @param openAssignments assignments neither completed nor past their due day
   * @param overdueModuleIds assigned modules past the end of their due day (organisation's zone) and not completed
   * @param reinforcementsMissed reinforcement quizzes not done within their grace period after falling due
   * @param lockedOutModuleIds modules failed with every attempt the person has: nobody finishes them until a
   *     trainer or leader grants another attempt
   */
  public record PersonTraining(
      String userId, List<String> completedModuleIds, int openAssignments, List<String> overdueModuleIds,
      int reinforcementsMissed, List<String> lockedOutModuleIds) {
    public PersonTraining {
      Events.requireIds(userId);
      completedModuleIds = List.copyOf(completedModuleIds);
      overdueModuleIds = List.copyOf(overdueModuleIds);
      lockedOutModuleIds = List.copyOf(lockedOutModuleIds);
    }
  }

  /**
   * Ask for the published training modules of the organisation that train any of {@code skills}
   * (sub-skill keys of {@link dev.quotient.api.materials.Skill}, such as {@code empathy}), as a rep sees
   * them: modules written for leaders are left out. {@code viewerId} is who asks (for the log).
   */
  public record FindModules(String orgId, String viewerId, List<String> skills) {
    public FindModules {
      Events.requireIds(orgId, viewerId);
      skills = List.copyOf(skills);
    }
  }

  /** The modules, those covering most of the skills asked first, then by title. */
  public record ModulesFound(List<ModuleRef> modules) {
    public ModulesFound {
      modules = List.copyOf(modules);
    }
  }

  /**
   * One module: its title in the organisation's language (and in each language it has, {@code titles},
   * by language tag, so pages show it in the reader's), the sub-skill keys it trains and how long it
   * takes.
   */
  public record ModuleRef(String moduleId, String title, List<String> skills, int minutes, Map<String, String> titles) {
    public ModuleRef {
      Events.requireIds(moduleId);
      Objects.requireNonNull(title, "title");
      skills = List.copyOf(skills);
      titles = titles == null ? Map.of() : Map.copyOf(titles);
    }

    /** Without the title in each language (only the organisation's). */
    public ModuleRef(String moduleId, String title, List<String> skills, int minutes) {
      this(moduleId, title, skills, minutes, Map.of());
    }
  }

  /**
   * Suggest the best-fitting mentor for a mentee's gaps.
   *
   * @param skills the sub-skills to grow (ids such as {@code product-knowledge}, {@code empathy})
   */
  public record SuggestMentor(String orgId, String menteeId, List<String> skills) {
    public SuggestMentor {
      Events.requireIds(orgId, menteeId);
      skills = List.copyOf(skills);
    }
  }

  /**
   * The suggestion; {@code mentorId} is null (fit 0, no reasons) when no available mentor covers any
   * of the skills. Reasons are in the organisation's language.
   */
  public record MentorSuggestion(String mentorId, double fit, List<String> reasons) {
    public MentorSuggestion {
      reasons = List.copyOf(reasons);
    }
  }

  /** Ask for the mentorships of the given mentees (a leader's dashboard). */
  public record MentorshipsQuery(String orgId, List<String> menteeIds) {
    public MentorshipsQuery {
      Events.requireIds(orgId);
      menteeIds = List.copyOf(menteeIds);
    }
  }

  public record Mentorships(List<Mentorship> pairs) {
    public Mentorships {
      pairs = List.copyOf(pairs);
    }
  }

  /**
   * An active pair; {@code lastCheckIn} is the start (in the organisation's zone) of the day of their
   * latest check-in, null when they never checked in.
   */
  public record Mentorship(String mentorId, String menteeId, Instant since, Instant lastCheckIn) {
    public Mentorship {
      Events.requireIds(mentorId, menteeId);
      Objects.requireNonNull(since, "since");
    }
  }

  /** Ask for the organisation's skill gaps (a trainer brief). */
  public record SkillGapsQuery(String orgId) {
    public SkillGapsQuery {
      Events.requireIds(orgId);
    }
  }

  public record SkillGaps(List<SkillGap> gaps) {
    public SkillGaps {
      gaps = List.copyOf(gaps);
    }
  }

  /**
   * How far the assessed reps are from the target in one sub-skill.
   *
   * @param area IQ, EQ or BQ
   * @param averageGap mean of (target - score) over the reps assessed, on the 1-5 scale
   * @param repsWithGap how many reps are a point or more below the target
   */
  public record SkillGap(String skill, String area, double averageGap, int repsAssessed, int repsWithGap) {
    public SkillGap {
      Objects.requireNonNull(skill, "skill");
      Objects.requireNonNull(area, "area");
    }
  }
}
