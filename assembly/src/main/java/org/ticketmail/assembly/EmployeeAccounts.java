package org.ticketmail.assembly;

import javax.inject.Inject;

import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.GuiceProbe;

/** Reaches James' users from the launcher, to create the employees' SMTP logins at start. */
public final class EmployeeAccounts implements GuiceProbe {
    private final UsersRepository users;

    @Inject
    public EmployeeAccounts(UsersRepository users) {
        this.users = users;
    }

    UsersRepository users() {
        return users;
    }
}
