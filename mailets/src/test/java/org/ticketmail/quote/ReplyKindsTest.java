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
        assertReply("German, wrapped inside the address", reply, "Am Mi., 4. Nov. 2026 um 09:12 Uhr schrieb Klara Beispiel <\nklara@beispiel.test>:" + quote);
        assertReply("Polish, wrapped before the verb", reply, "4 lis 2026 09:12 \"Jan Przykład\" <jan@przyklad.test>\nnapisał(a):" + quote);
        assertReply("Russian, wrapped over three lines", reply, "4 нояб. 2026 г., в 09:12, Иван Пример\n<ivan@primer.test>\nнаписал:" + quote);
        assertReply("Dutch, wrapped", reply, "Op wo 4 nov. 2026 om 09:12 schreef Piet Voorbeeld <\npiet@voorbeeld.test>:" + quote);
    }

    @Test
    void attributionsInMoreLanguagesShouldEndTheReply() {
        String reply = "Danke, jetzt geht es wieder.\n\n";
        String quote = "\n> Bitte starten Sie den Drucker neu.\n";
        assertReply("Dutch, iOS", reply, "Op 4 nov. 2026 om 09:12 heeft Piet Voorbeeld <piet@voorbeeld.test> het volgende geschreven:" + quote);
        assertReply("German, Thunderbird", reply, "Klara Beispiel <klara@beispiel.test> hat am 04.11.2026 09:12 geschrieben:" + quote);
        assertReply("Turkish, name first", reply, "Ali Örnek <ali@ornek.test>, 4 Kas 2026 Çar, 09:12 tarihinde şunu yazdı:" + quote);
        assertReply("Greek", reply, "Στις Τετ 4 Νοε 2026 στις 9:12 π.μ., ο/η Νίκος Παράδειγμα <nikos@paradeigma.test> έγραψε:" + quote);
        assertReply("Czech", reply, "Dne 4. 11. 2026 v 9:12 Jan Příklad <jan@priklad.test> napsal(a):" + quote);
        assertReply("Slovak", reply, "st 4. 11. 2026 o 9:12 Ján Príklad <jan@priklad.test> napísal(a):" + quote);
        assertReply("Hungarian", reply, "Példa Anna <anna@pelda.test> ezt írta (időpont: 2026. nov. 4., Sze 9:12):" + quote);
        assertReply("Romanian", reply, "În mie., 4 nov. 2026 la 09:12, Ion Exemplu <ion@exemplu.test> a scris:" + quote);
        assertReply("Catalan", reply, "El dc., 4 de nov. 2026 a les 9:12, Joan Exemple (<joan@exemple.test>) va escriure:" + quote);
        assertReply("Vietnamese", reply, "Vào Th 4, 4 thg 11, 2026 vào lúc 09:12 Nguyễn Ví Dụ <nguyen@vidu.test> đã viết:" + quote);
        assertReply("Indonesian", reply, "Pada tanggal Rab, 4 Nov 2026 pukul 09.12 Budi Contoh <budi@contoh.test> menulis:" + quote);
        assertReply("Croatian", reply, "sri, 4. stu 2026. u 09:12 Ivan Primjer <ivan@primjer.test> napisao je:" + quote);
        assertReply("Bulgarian", reply, "ср, 4.11.2026 г. в 9:12 ч. Иван Пример <ivan@primer.test> написа:" + quote);
        assertReply("Lithuanian", reply, "2026-11-04, tr, 09:12 Jonas Pavyzdys <jonas@pavyzdys.test> rašė:" + quote);
        assertReply("Estonian", reply, "K, 4. nov 2026 kell 09:12 Mari Näide <mari@naide.test> kirjutas:" + quote);
        assertReply("Latvian", reply, "trešd., 2026. g. 4. nov., plkst. 09:12 — lietotājs Jānis Piemērs (<janis@piemers.test>) rakstīja:" + quote);
        assertReply("Traditional Chinese", reply, "張示例 <zhang@shili.test> 於 2026年11月4日 週三 上午9:12寫道：" + quote);
        assertReply("Japanese, Apple Mail", reply, "2026/11/04 9:12、山田例 <yamada@rei.test>のメール:" + quote);
        assertReply("Hebrew, with direction marks", reply,
                "\u202bבתאריך יום ד׳, 4 בנוב׳ 2026 ב-9:12 מאת \u202aדנה דוגמה\u202c\u200f <\u202adana@dugma.test\u202c\u200f>:\u202c" + quote);
        assertReply("Arabic, with direction marks", reply,
                "\u202bفي الأربعاء، 4 نوفمبر 2026 9:12 ص، كتب \u202aمثال\u202c\u200f <\u202amithal@example.test\u202c\u200f>:\u202c" + quote);
    }

    @Test
    void anAttributionWithoutDateOrAddressShouldGoWithTheQuoteBelowIt() {
        String reply = "Thanks, that did it.\n\n";
        assertReply("name only", reply, "Some One wrote:\n\n> Restart the printer.\n> Then try again.\n");
        assertReply("address only", reply, "some@one.test wrote:\n> Restart the printer.\n");
        assertReply("German, name only", reply, "Klara schrieb:\n> Bitte neu starten.\n\n");
        assertReply("Usenet", reply, "In article <123@news.test>, Some One writes:\n> Restart the printer.\n");
        assertReply("Horde", reply, "Quoting Some One <some@one.test>:\n\n> Restart the printer.\n");
        assertReply("Horde, German", reply, "Zitat von Klara Beispiel <klara@beispiel.test>:\n\n> Bitte neu starten.\n");
        // A line that ends with a colon above a quote the writer answers below stays.
        softly.assertThat(strip("The log says:\n> ERROR disk full\n\nSo it is the disk, I wrote to the vendor.\n"))
                .isEqualTo("The log says:\n\nSo it is the disk, I wrote to the vendor.");
    }

    @Test
    void pipeQuotedBlocksShouldGo() {
        String reply = "Done, it prints again.\n\n";
        assertReply("pipe-quoted block", reply, "| Can you restart the printer?\n| It is on floor 2.\n|\n| Dana\n");
        assertReply("pipe-quoted block after an attribution", reply, "Dana wrote:\n| Can you restart the printer?\n| It is on floor 2.\n");
        // Tables the writer drew stay, with or without pipes at the line ends, and so does a lone pipe line.
        for (String text : new String[] {
            "| Printer | Floor |\n|---|---|\n| HP 4 | 2 |",
            "Printer | Floor\n--- | ---\nHP 4 | 2",
            "| Printer | Floor\n| HP 4 | 2",
            "Run this:\n\n| grep error\n\nand send me the output."}) {
            softly.assertThat(strip(text)).as(text).isEqualTo(text.strip());
        }
    }

    @Test
    void mobileSignOffsInManyLanguagesShouldEndTheReply() {
        String reply = "Passt, danke.\n\n";
        for (String signOff : new String[] {"Envoyé de mon iPhone", "Von meinem iPhone gesendet", "Sendt fra min iPad", "Sendt fra min iPhone",
                "Skickat från min iPhone", "Enviado desde mi iPhone", "Inviato da iPhone", "Verzonden met mijn iPhone", "Wysłane z iPhone'a",
                "Отправлено с iPhone", "Lähetetty iPhonesta", "Enviado do meu iPhone", "Sent from my Android phone",
                "Envoyé depuis mon iPhone", "Verstuurd vanaf mijn iPhone", "Verzonden vanuit Outlook", "Skickat från Outlook",
                "Sendt fra Outlook", "Enviado desde Outlook", "Wysłano z iPhone'a", "Odesláno z iPhonu", "Odoslané z iPhonu",
                "Az iPhone-omról küldve", "iPhone-ról küldve", "iPhone'umdan gönderildi", "Στάλθηκε από το iPhone μου",
                "Poslano s mog iPhonea", "Trimis de pe iPhone-ul meu", "Надіслано з iPhone", "Изпратено от моя iPhone",
                "Отправлено из мобильной Почты Mail.ru", "iPhoneから送信", "从我的iPhone发送", "發自我的 iPhone", "나의 iPhone에서 보냄",
                "Enviat des del meu iPhone", "Dikirim dari iPhone saya", "Gửi từ iPhone của tôi", "Gesendet mit der WEB.DE Mail App",
                "Sent from my BlackBerry® wireless device", "Sent from my BlackBerry 10 smartphone on the Verizon Wireless 4G LTE network.",
                "Sent from my Android device with K-9 Mail. Please excuse my brevity.", "Sent via the Samsung Galaxy S23, an AT&T 5G smartphone",
                "Sent from ProtonMail mobile", "Sent from Proton Mail for iOS", "Sent from Spark", "Sent from myMail for iOS",
                "Sent using the mail.com mail app", "Sent from my iPhone using Tapatalk"}) {
            assertReply(signOff, reply, signOff + "\n\n> Old text.\n");
        }
    }

    @Test
    void signOffsInManyLanguagesShouldEndTheReplyLikeRegards() {
        String reply = "Der Drucker geht wieder.\n\n";
        for (String signOff : new String[] {"Regards,", "Mit freundlichen Grüßen", "Viele Grüße", "Cordialement,", "Saludos cordiales,",
                "Met vriendelijke groet,", "Pozdrawiam", "С уважением,", "Med vänliga hälsningar", "Med vennlig hilsen", "Venlig hilsen",
                "Ystävällisin terveisin", "Cordiali saluti", "Atenciosamente,", "Üdvözlettel,", "S pozdravem"}) {
            assertReply(signOff, reply, signOff + "\nKlara Beispiel\nBeispiel GmbH | +49 30 1234\n");
        }
        // A greeting with more on its line is the writer's text.
        for (String text : new String[] {"Viele Grüße an Ihr Team, und danke.", "Cordialement vôtre, mais non.", "Regards to Bob, he helped."}) {
            softly.assertThat(strip(text)).as(text).isEqualTo(text);
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
        assertReply("Google Groups unsubscribe line", "Agreed.\n\n",
                "To unsubscribe from this group and stop receiving emails from it, send an email to ops+unsubscribe@groups.test.\n");
        assertReply("Discourse footer", "Works for me.\n\n", "Visit Topic or reply to this email to respond.\n\nTo unsubscribe, click here.\n");
        assertReply("help desk reply marker", "Yes, please go ahead.\n\n", "##- Please type your reply above this line -##\n\nYour request 123 was updated.\n");
        assertReply("reply-above marker", "Yes, please go ahead.\n\n", "--- Reply above this line ---\n\nTicket 123 was updated.\n");
        for (String separator : new String[] {"-----Oprindelig meddelelse-----", "-------- Originalmeddelande --------",
                "-------- Message original --------", "-------- Oryginalna wiadomość --------", "-----Missatge original-----",
                "-----Mesaj original-----", "-----Αρχικό μήνυμα-----", "-----Оригінальне повідомлення-----", "-----Оригинално съобщение-----",
                "-----Pôvodná správa-----", "-----Izvorna poruka-----", "-----Izvirno sporočilo-----", "-----Originalus laiškas-----",
                "-----Pesan Asli-----", "-----원본 메시지-----", "-----הודעה מקורית-----", "-----الرسالة الأصلية-----", "-----オリジナル メッセージ-----",
                "---------- Wiadomość przekazana dalej ---------", "---------- Пересылаемое сообщение ---------",
                "---------- Messaggio inoltrato ---------", "---------- Vidarebefordrat meddelande ---------",
                "---------- Přeposlaná zpráva ---------", "---------- Välitetty viesti ----------", "---------- Továbbított üzenet ---------",
                "---------- Yönlendirilmiş ileti ---------", "---------- 転送されたメッセージ ---------", "---------- 转发的邮件 ---------",
                "---------- 전달된 메시지 ----------", "---------- Пересланий лист ---------", "---------- Videresendt melding ---------"}) {
            assertReply(separator, reply, separator + "\nFrom: a@b.test\n\nOld.\n");
        }
    }

    @Test
    void outlookHeaderBlocksInMoreLanguagesShouldEndTheReply() {
        String reply = "Ich komme morgen vorbei.\n\n";
        String[][] headers = {
            {"Catalan", "De:", "Enviat el:"}, {"Romanian", "De la:", "Trimis:"}, {"Croatian", "Šalje:", "Poslano:"},
            {"Slovak", "Od:", "Odoslané:"}, {"Slovenian", "Od:", "Poslano:"}, {"Lithuanian", "Nuo:", "Išsiųsta:"},
            {"Latvian", "No:", "Nosūtīts:"}, {"Estonian", "Saatja:", "Saadetud:"}, {"Bulgarian", "От:", "Изпратено:"},
            {"Ukrainian", "Від:", "Надіслано:"}, {"Greek", "Από:", "Στάλθηκε:"}, {"Turkish", "Kimden:", "Gönderildi:"},
            {"Turkish, new Outlook", "Kimden:", "Gönderilme:"}, {"Korean", "보낸 사람:", "보낸 날짜:"}, {"Hebrew", "מאת:", "נשלח:"},
            {"Arabic", "من:", "تم الإرسال:"}, {"Vietnamese", "Từ:", "Đã gửi:"}, {"Indonesian", "Dari:", "Dikirim:"},
            {"Icelandic", "Frá:", "Sent:"}};
        for (String[] h : headers) {
            assertReply(h[0], reply, h[1] + " Some One <some@one.test>\n" + h[2] + " 4. 11. 2026 9:12\nSubject: printer\n\nOld.\n");
        }
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

    /**
     * Help-desk mail an adversarial review wrote against the rules of issue 12 (logs, pipelines, tables, edit
     * instructions, pasted headers and bounces, sign-offs with more below): every one is the writer's text, kept whole.
     */
    @Test
    void theNoCutSetShouldBeKeptWhole() throws java.io.IOException, java.net.URISyntaxException {
        java.nio.file.Path dir = java.nio.file.Path.of(ReplyKindsTest.class.getResource("no-cut").toURI());
        java.util.List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
        }
        softly.assertThat(files).hasSizeGreaterThanOrEqualTo(58);
        for (java.nio.file.Path f : files) {
            String text = java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.UTF_8);
            softly.assertThat(strip(text)).as(f.getFileName().toString()).isEqualTo(text.strip());
        }
        // Quoted lines go, but the writer's own attribution-like line and what follows stay.
        softly.assertThat(strip("Hallo,\n\nich hatte Ihnen bereits am 4.11. geschrieben:\n\n> Der Drucker druckt leere Seiten.\n\n"
                + "Seitdem ist nichts passiert.\n\nKlara")).isEqualTo("Hallo,\n\nich hatte Ihnen bereits am 4.11. geschrieben:\n\n\n"
                + "Seitdem ist nichts passiert.\n\nKlara");
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
            "Sendt fra min iPad er ikke mulig, sier de.",
            "Ich habe Ihnen am 4.11. geschrieben:\nder Drucker ist kaputt.",
            "Sent via DHL today.\nTracking follows tomorrow.",
            "Envoyé de Paris.\nLe colis arrive lundi.",
            "Quoting the manual: restart first.\nThen call us.",
            "No: the printer on floor 2 is fine."}) {
            softly.assertThat(strip(text)).as(text).isEqualTo(text.strip());
        }
    }
}
