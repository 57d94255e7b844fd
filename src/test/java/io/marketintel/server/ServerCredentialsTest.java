package io.marketintel.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.marketintel.config.ApiKeys;
import io.marketintel.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCredentialsTest {

    static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_accept_exactly_the_token_or_the_user_and_password_of_the_environment() {
        ServerCredentials c = ServerCredentials.from(ApiKeys.of(Map.of(ServerCredentials.TOKEN, "t0k",
            ServerCredentials.USER, "ops", ServerCredentials.PASSWORD, "p:w")));
        assertTrue(c.any());
        assertEquals(List.of("Bearer", "Basic"), c.schemes());
        assertTrue(c.accepts("Bearer t0k"));
        assertTrue(c.accepts("bearer t0k "));
        assertTrue(c.accepts(basic("ops:p:w")));
        assertFalse(c.accepts("Bearer t0"));
        assertFalse(c.accepts("Bearer t0kk"));
        assertFalse(c.accepts(basic("ops:p")));
        assertFalse(c.accepts(basic("t0k")));
        assertFalse(c.accepts("Basic !!not-base64"));
        assertFalse(c.accepts("t0k"));
        assertFalse(c.accepts(null));
        assertFalse(c.toString().contains("t0k") || c.toString().contains("p:w"), c.toString());
    }

    @Test
    void should_have_none_without_variables_and_refuse_half_a_basic_pair_naming_the_missing_variable() {
        assertFalse(ServerCredentials.from(ApiKeys.NONE).any());
        assertFalse(ServerCredentials.from(ApiKeys.NONE).accepts("Bearer "));
        ConfigException e = assertThrows(ConfigException.class,
            () -> ServerCredentials.from(ApiKeys.of(Map.of(ServerCredentials.PASSWORD, "pw"))));
        assertEquals(ServerCredentials.USER, e.key());
        ConfigException colon = assertThrows(ConfigException.class, () -> ServerCredentials.from(ApiKeys.of(Map.of(
            ServerCredentials.USER, "a:b", ServerCredentials.PASSWORD, "pw"))));
        assertEquals(ServerCredentials.USER, colon.key());
    }

    @Test
    void should_take_only_loopback_addresses_as_private() {
        assertTrue(ServerConfiguration.loopback("127.0.0.1"));
        assertTrue(ServerConfiguration.loopback("::1"));
        assertTrue(ServerConfiguration.loopback("localhost"));
        assertFalse(ServerConfiguration.loopback("0.0.0.0"));
        assertFalse(ServerConfiguration.loopback(""));
        assertFalse(ServerConfiguration.loopback("no-such-host.invalid"));
    }
}
