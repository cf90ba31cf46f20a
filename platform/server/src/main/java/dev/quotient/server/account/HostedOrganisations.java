package dev.quotient.server.account;

import dev.quotient.api.ClientError;
import dev.quotient.api.Role;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Further organisations on one installation, for its operator only (the operator's token from
 * configuration; no user of any organisation can do this): a group with several sales companies hosts
 * them apart. Each new organisation gets its first administrator, without a password: the answer carries
 * an invitation link (7 days) with which they choose one.
 */
public final class HostedOrganisations {

  /** What the operator asks for. */
  public record Request(String organisation, String zone, String locale, String currency, List<String> values,
      String adminName, String adminEmail) {}

  /** The new organisation, its administrator and the administrator's invitation. */
  public record Created(Organisation organisation, User admin, Invitations.Issued invitation) {}

  private static final String OPERATOR = "operator";

  private final Database database;
  private final AccountStore accounts;
  private final Invitations invitations;
  private final AuditTrail audit;
  private final Clock clock;

  public HostedOrganisations(Database database, AccountStore accounts, Invitations invitations, AuditTrail audit,
      Clock clock) {
    this.database = database;
    this.accounts = accounts;
    this.invitations = invitations;
    this.audit = audit;
    this.clock = clock;
  }

  /** 400 for an answer the rules refuse, 409 for a name or an e-mail taken; nothing stored then. */
  public Future<Created> create(Request r, String client) {
    return database.call(() -> {
      Organisation org = OrganisationSettings.checked(AccountStore.newId(), r.organisation(), r.zone(), r.locale(),
          r.currency(), r.values());
      String adminName = AccountService.requireName(r.adminName());
      String email = AccountService.requireEmail(r.adminEmail());
      if (accounts.organisationByName(org.name()).isPresent()) {
        throw ClientError.conflict("error.organisation.exists", org.name());
      }
      if (accounts.userByEmail(email).isPresent()) {
        throw ClientError.conflict("error.user.exists", email);
      }
      accounts.createOrganisation(org);
      User admin;
      try {
        admin = accounts.createUser(new User(AccountStore.newId(), org.id(), email, adminName, Set.of(Role.ADMIN),
            null, org.locale(), null));
      } catch (RuntimeException e) {
        // The e-mail was taken meanwhile: no organisation without its administrator.
        accounts.deleteOrganisation(org.id());
        throw e;
      }
      Instant now = clock.instant();
      Invitations.Issued issued = invitations.issue(admin, OPERATOR, now, now.plus(InvitationService.VALIDITY));
      audit.recordBlocking(new AuditTrail.Entry(org.id(), now, null, "organisation.created", org.name() + " (operator)",
          client));
      audit.recordBlocking(new AuditTrail.Entry(org.id(), now, null, "invitation.created", admin.email(), client));
      return new Created(org, admin, issued);
    });
  }

  /** Every organisation of the installation, by name. */
  public Future<List<Organisation>> all() {
    return database.call(accounts::organisations);
  }
}
