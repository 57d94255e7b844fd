package io.marketintel.acceptance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's promises on the ETF inbox, in the shipped layout with the scheduler running: a known fund under the
 * wrong asset rejects the file naming the line; a ticker nobody knows is stored with a warning naming it; an empty
 * file and a header without lines are moved to .error/ with a note; hidden and non-CSV files are named in the log;
 * nothing keeps the shutdown waiting.
 */
class EtfInboxIT {

    @ParameterizedTest
    @ValueSource(strings = {"INFO", "DEBUG"})
    void should_reject_wrong_assets_warn_of_new_funds_and_leave_no_file_unexplained(String level) throws Exception {
        try (UserInstall u = new UserInstall()) {
            u.env("LOG_LEVEL", level).timing("etf.inbox.poll-delay-ms", "200");
            Path inbox = u.home.resolve("data/inbox/etf");
            String day = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();
            String header = "as_of_date,ticker,net_flow_usd,asset\n";

            Process p = u.start();
            try {
                // the catch-up run of Farside stores HODL as a BTC fund; the files come after it
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> u.logs().contains("of etf-farside finished") || !p.isAlive());
                assertTrue(p.isAlive(), u.stdout());
                assertEquals("BTC", assetsOf(u, "HODL").get(0), "Farside stored HODL as BTC");
                Files.createDirectories(inbox);
                Files.writeString(inbox.resolve("wrong.csv"), header + day + ",IBIT,1000,BTC\n" + day + ",HODL,10000,ETH\n");
                Files.writeString(inbox.resolve("new.csv"), header + day + ",ZZZZ,5000,ETH\n");
                Files.writeString(inbox.resolve("empty.csv"), "");
                Files.writeString(inbox.resolve("header.csv"), header);
                Files.writeString(inbox.resolve(".hidden.csv"), header + day + ",IBIT,1,BTC\n");
                Files.writeString(inbox.resolve("flows.txt"), header + day + ",IBIT,1,BTC\n");

                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    Files.exists(inbox.resolve(".error/wrong.csv")) && Files.exists(inbox.resolve(".done/new.csv"))
                        && Files.exists(inbox.resolve(".error/empty.csv")) && Files.exists(inbox.resolve(".error/header.csv"))
                        && u.logs().contains("Inbox file flows.txt is not imported") || !p.isAlive());
            } finally {
                p.destroy();
                p.waitFor();
            }
            String logs = u.logs();

            // a known fund under the other asset: the whole file is rejected, the line named
            String wrong = Files.readString(inbox.resolve(".error/wrong.csv.error.txt"));
            assertEquals("line 3: HODL is a BTC fund (the store has it as BTC), not ETH: fix the asset column\n", wrong);
            assertEquals(List.of("BTC"), assetsOf(u, "HODL"), "no ETH row for HODL");
            assertFalse(Files.exists(inbox.resolve(".done/wrong.csv")));

            // a ticker nobody knows: stored, with a warning naming ticker and asset
            assertEquals(List.of("ETH"), assetsOf(u, "ZZZZ"));
            assertTrue(logs.contains("new fund ZZZZ (ETH) on line 2: no source has reported this ticker before"), logs);

            // empty and header-only files: moved with a note, never a success
            assertTrue(Files.readString(inbox.resolve(".error/empty.csv.error.txt"))
                .startsWith("line 1: the file is empty (0 bytes): nothing stored"));
            assertTrue(Files.readString(inbox.resolve(".error/header.csv.error.txt"))
                .startsWith("line 1: the file has the header but no lines: nothing stored"));
            assertTrue(logs.contains("Inbox file empty.csv rejected"), logs);
            assertTrue(logs.contains("Inbox file header.csv rejected"), logs);
            assertFalse(logs.contains("etf-inbox: the response held no records"), logs);

            // hidden and other files: named once, left where they are
            assertTrue(logs.contains("Inbox file .hidden.csv is not imported: its name starts with a dot"), logs);
            assertEquals(1, logs.split("Inbox file flows.txt is not imported", -1).length - 1, logs);
            assertTrue(Files.exists(inbox.resolve(".hidden.csv")) && Files.exists(inbox.resolve("flows.txt")));

            // nothing stuck: the shutdown found no exchange in flight
            assertFalse(logs.contains("Waiting as there are still"), logs);
        }
    }

    private static List<String> assetsOf(UserInstall u, String ticker) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + u.db());
             PreparedStatement ps = c.prepareStatement(
                 "SELECT DISTINCT asset FROM etf_flows_daily WHERE ticker = ? ORDER BY asset")) {
            ps.setString(1, ticker);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
