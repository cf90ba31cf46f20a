package dev.quotient.server.activity;

import java.util.Locale;

/**
 * Who reported an activity: later point rules weight self-reported activity lower than activity that
 * came from the organisation's systems.
 */
public enum Source {
  /** A rep (any caller without the leader or admin role) reporting their own activity. */
  SELF,
  /** A leader's or admin's token: a CRM integration or a manager entering the team's activity. */
  CRM,
  /** A plugin, through the {@code activity.record} command. */
  PLUGIN;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
