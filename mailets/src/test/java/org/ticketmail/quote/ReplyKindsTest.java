package org.ticketmail.quote;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kinds of reply issue 12 names, in examples written for this test (names, addresses and dates invented): the
 * predefined rules must find the reply, and must not cut text the writer wrote.
 */
class ReplyKindsTest {
    private static final QuoteStripper STRIPPER = new QuoteStripper(QuoteRules.defaults());

    /** Every case of a test is checked, and the misses are reported together. */
    private final SoftAssertions softly = new SoftAssertions();

    @AfterEach
    void reportEveryMiss() {
        softly.assertAll();
    }

    private static String strip(String text) {
        return STRIPPER.strip(text).text();
    }

    private void assertReply(String kind, String reply, String rest) {
        softly.assertThat(strip(reply + rest)).as(kind).isEqualTo(reply.strip());
    }

    @Test
    void attributionsInOtherLanguagesAndShapesShouldEndTheReply() {
        String reply = "Danke, jetzt geht es wieder.\n\n";
        String quote = "\n> Bitte starten Sie den Drucker neu.\n";
        assertReply("German, name first", reply, "Klara Beispiel <klara@beispiel.test> schrieb am Mi., 4. Nov. 2026 um 09:12 Uhr:" + quote);
        assertReply("German, Gmail", reply, "Am Mi., 4. Nov. 2026 um 09:12 Uhr schrieb Klara Beispiel <klara@beispiel.test>:" + quote);
        assertReply("Polish, date first", reply, "4 lis 2026 09:12 \"Jan Przykład\" <jan@przyklad.test> napisał(a):" + quote);
        assertReply("Polish, W dniu", reply, "W dniu 04.11.2026 o 09:12, Jan Przykład pisze:" + quote);
        assertReply("Russian", reply, "4 нояб. 2026 г., в 09:12, Иван Пример <ivan@primer.test> написал:" + quote);
        assertReply("Russian, user first", reply, "Среда, 4 ноября 2026, 9:12 +03:00 от Иван Пример <ivan@primer.test>:" + quote);
        assertReply("Ukrainian", reply, "ср, 4 лист. 2026 о 09:12 Петро Приклад <petro@pryklad.test> пише:" + quote);
        assertReply("Danish", reply, "Den ons. 4. nov. 2026 kl. 09.12 skrev Ole Eksempel <ole@eksempel.test>:" + quote);
        assertReply("Finnish, name first", reply, "Matti Esimerkki <matti@esimerkki.test> kirjoitti 4.11.2026 kello 9.12:" + quote);
        assertReply("Portuguese", reply, "Em qua., 4 de nov. de 2026 às 09:12, João Exemplo <joao@exemplo.test> escreveu:" + quote);
        assertReply("Italian", reply, "Il giorno mer 4 nov 2026 alle ore 09:12 Mario Esempio <mario@esempio.test> ha scritto:" + quote);
        assertReply("Spanish", reply, "El mié, 4 nov 2026 a las 9:12, Juan Ejemplo (<juan@ejemplo.test>) escribió:" + quote);
        assertReply("French, no-break spaces", reply, "Le mer. 4 nov. 2026 à 09:12, Jean Exemple <jean@exemple.test> a\u00a0écrit\u00a0:" + quote);
        assertReply("French, narrow no-break space", reply, "Le 4 nov. 2026 à 09:12, Jean Exemple a écrit\u202f:" + quote);
        assertReply("Chinese", reply, "在 2026年11月4日 09:12，张示例 <zhang@shili.test> 写道：" + quote);
        assertReply("Japanese", reply, "2026年11月4日(水) 9:12 山田例 <yamada@rei.test>:" + quote);
        assertReply("Korean", reply, "2026년 11월 4일 (수) 오전 9:12, 김예시 <kim@yesi.test>님이 작성:" + quote);
        assertReply("date first, ISO", reply, "2026-11-04 09:12 GMT+01:00 Some One <some@one.test>:" + quote);
        assertReply("wrapped over three lines", reply, "On Wed, Nov 4, 2026 at 9:12 AM Some One\n<some@one.test> wrote:" + quote);
        assertReply("interrupted by a mailto line", reply, "On Wed, Nov 4, 2026 at 9:12 AM Some One <some@one.test\n<mailto:some@one.test>>\nwrote:" + quote);
        assertReply("bare name and address", reply, "Some One <some@one.test> wrote:" + quote);
    }

    @Test
    void mobileSignOffsInManyLanguagesShouldEndTheReply() {
        String reply = "Passt, danke.\n\n";
        for (String signOff : new String[] {"Envoyé de mon iPhone", "Von meinem iPhone gesendet", "Sendt fra min iPad", "Sendt fra min iPhone",
                "Skickat från min iPhone", "Enviado desde mi iPhone", "Inviato da iPhone", "Verzonden met mijn iPhone", "Wysłane z iPhone'a",
                "Отправлено с iPhone", "Lähetetty iPhonesta", "Enviado do meu iPhone", "Sent from my Android phone"}) {
            assertReply(signOff, reply, signOff + "\n\n> Old text.\n");
        }
    }

    @Test
    void invisibleCharactersThatClientsAppendShouldGo() {
        softly.assertThat(strip("Thanks, that fixed it.\n\u1427\n")).isEqualTo("Thanks, that fixed it.");
        softly.assertThat(strip("Thanks, that fixed it.\n\u200b\n\u200b \u200b\n")).isEqualTo("Thanks, that fixed it.");
        // Inside a line they stay: some clients put them around every paragraph.
        softly.assertThat(strip("\u200bFirst paragraph.\u200b\n\nSecond.")).isEqualTo("\u200bFirst paragraph.\u200b\n\nSecond.");
        softly.assertThat(strip("\ufeffThanks, that fixed it.")).isEqualTo("Thanks, that fixed it.");
    }

    @Test
    void decoratedSeparatorsShouldEndTheReply() {
        String reply = "See the log below.\n\n";
        assertReply("asterisks", reply, "*-------- Original Message --------*\nSubject: printer\nFrom: a@b.test\n\nOld.\n");
        assertReply("Hungarian", reply, "-----Eredeti üzenet-----\nFeladó: a@b.test\n\nRégi.\n");
        assertReply("Turkish", reply, "-----Orijinal Mesaj-----\nKimden: a@b.test\n\nEski.\n");
        assertReply("Japanese", reply, "-----元のメッセージ-----\n差出人: a@b.test\n\n古い。\n");
        assertReply("Chinese", reply, "------------------ 原始邮件 ------------------\n发件人: a@b.test\n\n旧。\n");
        assertReply("Google Groups footer", "Agreed, let's ship it.\n\n",
                "--\nYou received this message because you are subscribed to the Google Groups \"ops\" group.\nTo unsubscribe from this group, send an email to ops+unsubscribe@groups.test.\n");
        assertReply("GitHub notification footer", "Fixed in the next release.\n\n",
                "—\nReply to this email directly, view it on GitHub, or unsubscribe.\nYou are receiving this because you were mentioned.\n");
    }

    @Test
    void aMailThatIsOnlyAForwardShouldRecordTheForwardedText() {
        softly.assertThat(strip("---------- Forwarded message ---------\nFrom: Dana Customer <dana@acme.test>\nDate: Wed, Nov 4, 2026 at 9:12 AM\n"
                + "Subject: Printer broken\nTo: <it@acme.test>\n\n\nThe printer on floor 2 is broken.\n"))
                .isEqualTo("The printer on floor 2 is broken.");
        softly.assertThat(strip("\nBegin forwarded message:\n\nFrom: Dana Customer <dana@acme.test>\nSubject: Printer broken\nDate: 4 November 2026 at 09:12:00 CET\n"
                + "To: it@acme.test\n\nThe printer on floor 2 is broken.\n")).isEqualTo("The printer on floor 2 is broken.");
        softly.assertThat(strip("-------- Weitergeleitete Nachricht --------\nBetreff: Drucker\nDatum: Wed, 4 Nov 2026 09:12:00 +0100\nVon: Dana <dana@acme.test>\n"
                + "An: it@acme.test\n\nDer Drucker ist kaputt.\n")).isEqualTo("Der Drucker ist kaputt.");
        // With something written above it, the forward is the quote.
        softly.assertThat(strip("Can you look at this?\n\n---------- Forwarded message ---------\nFrom: Dana <dana@acme.test>\n\nBroken.\n"))
                .isEqualTo("Can you look at this?");
    }

    @Test
    void aShortQuoteKeptOnPurposeAboveTheReplyShouldStayAndAPileBelowShouldGo() {
        softly.assertThat(strip("> Can you send the log?\n\nHere it is: disk full at 09:12.\n"))
                .isEqualTo("> Can you send the log?\n\nHere it is: disk full at 09:12.");
        softly.assertThat(strip("> Is it the printer on floor 2?\n> Or floor 3?\nFloor 3.\n\n>> older\n>>> oldest\n>>>> even older\n"))
                .isEqualTo("> Is it the printer on floor 2?\n> Or floor 3?\nFloor 3.");
        softly.assertThat(strip("Floor 3.\n\n> Is it the printer on floor 2?\n>> older\n>>> oldest\n")).isEqualTo("Floor 3.");
        // A long quote at the top is the quote, not the reply; answers between quoted lines stay.
        softly.assertThat(strip("> one\n> two\n> three\n> four\n> five\nMy answer.\n")).isEqualTo("My answer.");
        softly.assertThat(strip("Hi,\n> first question\nFirst answer.\n> second question\nSecond answer.\n"))
                .isEqualTo("Hi,\nFirst answer.\nSecond answer.");
    }

    @Test
    void textTheWriterWroteShouldStay() {
        for (String text : new String[] {
            "On Monday the printer broke again, and I wrote: please fix it.",
            "Am Montag schrieb ich: bitte reparieren.",
            "The log says:\n\nERROR 2026-11-04 09:12 disk full:\nretrying",
            "Our address is Example Corp <info@example.test>, please write there.",
            "Sent from my desk at 9:12, all good.",
            "Step 1 ---- Step 2 ---- Step 3",
            "| Printer | Floor |\n|---|---|\n| HP 4 | 2 |",
            "I forwarded the message to Bob: he will call you.",
            "Sendt fra min iPad er ikke mulig, sier de."}) {
            softly.assertThat(strip(text)).as(text).isEqualTo(text.strip());
        }
    }
}
