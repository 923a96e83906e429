package org.accessctl.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.accessctl.core.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleRecordsTest {

    private static Schedule decode(String json) throws RecordRefused {
        return ScheduleRecords.decode("office-hours", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesTheContractExample() throws Exception {
        Schedule s = decode("""
                {"scheduleId": "office-hours", "timezone": "Asia/Jakarta",
                 "windows": [{"days": ["mon","tue","wed","thu","fri"], "from": "07:30", "to": "17:00"}],
                 "exceptions": [{"date": "2026-12-25", "closed": true}], "futureField": 1}""");
        LocalDate christmas = LocalDate.parse("2026-12-25");
        assertEquals(new Schedule("office-hours", ZoneId.of("Asia/Jakarta"),
                List.of(new Schedule.Window(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 450, 1020)),
                Map.of(christmas, new Schedule.DateException(christmas, true, List.of()))), s);
    }

    @Test
    void aDateMayHaveItsOwnWindowsAndAWindowMayEndAtMidnight() throws Exception {
        Schedule s = decode("""
                {"scheduleId": "office-hours", "timezone": "Europe/Berlin",
                 "windows": [{"days": ["SAT"], "from": "22:00", "to": "24:00"}],
                 "exceptions": [{"date": "2026-12-24", "windows": [{"from": "07:30", "to": "12:00"}]}]}""");
        assertEquals(24 * 60, s.windows().get(0).toMinute());
        assertEquals(List.of(new Schedule.Window(EnumSet.noneOf(DayOfWeek.class), 450, 720)),
                s.exceptions().get(LocalDate.parse("2026-12-24")).windows());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "id differs from topic | {\"scheduleId\":\"night\",\"timezone\":\"UTC\",\"windows\":[]} | but the topic names \"office-hours\"",
        "no timezone           | {\"scheduleId\":\"office-hours\",\"windows\":[]} | field \"timezone\": expected a string",
        "unknown timezone      | {\"scheduleId\":\"office-hours\",\"timezone\":\"Asia/Jakrta\",\"windows\":[]} | field \"timezone\": \"Asia/Jakrta\" is not a time zone",
        "no windows            | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\"} | field \"windows\"",
        "unknown day           | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[{\"days\":[\"monday\"],\"from\":\"07:00\",\"to\":\"08:00\"}]} | field \"windows[0].days\": \"monday\" is not one of mon, tue",
        "no days               | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[{\"days\":[],\"from\":\"07:00\",\"to\":\"08:00\"}]} | field \"windows[0].days\": expected at least one day",
        "time without colon    | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[{\"days\":[\"mon\"],\"from\":\"0700\",\"to\":\"08:00\"}]} | field \"windows[0].from\": expected a time of day such as 07:30",
        "hour 25               | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[{\"days\":[\"mon\"],\"from\":\"07:00\",\"to\":\"25:00\"}]} | field \"windows[0].to\": expected a time of day",
        "starts at 24:00       | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[{\"days\":[\"mon\"],\"from\":\"24:00\",\"to\":\"08:00\"}]} | field \"windows[0].from\"",
        "24:30                 | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[{\"days\":[\"mon\"],\"from\":\"07:00\",\"to\":\"24:30\"}]} | field \"windows[0].to\"",
        "empty window          | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[{\"days\":[\"mon\"],\"from\":\"07:00\",\"to\":\"07:00\"}]} | field \"windows[0]\": \"from\" and \"to\" are the same time",
        "bad date              | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[],\"exceptions\":[{\"date\":\"25-12-2026\",\"closed\":true}]} | field \"exceptions[0].date\": expected a date such as 2026-12-25",
        "neither closed nor    | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[],\"exceptions\":[{\"date\":\"2026-12-25\"}]} | field \"exceptions[0]\": expected either \"closed\": true or its own \"windows\"",
        "both closed and open  | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[],\"exceptions\":[{\"date\":\"2026-12-25\",\"closed\":true,\"windows\":[{\"from\":\"07:00\",\"to\":\"08:00\"}]}]} | field \"exceptions[0]\": expected either",
        "a date twice          | {\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":[],\"exceptions\":[{\"date\":\"2026-12-25\",\"closed\":true},{\"date\":\"2026-12-25\",\"closed\":true}]} | field \"exceptions[1].date\": 2026-12-25 is listed twice",
    })
    void refusesWithAReasonNamingTheField(String name, String json, String reason) {
        RecordRefused e = assertThrows(RecordRefused.class, () -> decode(json));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void refusesMoreWindowsThanAWeekNeeds() {
        String window = "{\"days\":[\"mon\"],\"from\":\"07:00\",\"to\":\"08:00\"}";
        String json = "{\"scheduleId\":\"office-hours\",\"timezone\":\"UTC\",\"windows\":["
                + String.join(",", java.util.Collections.nCopies(ScheduleRecords.MAX_WINDOWS + 1, window)) + "]}";
        RecordRefused e = assertThrows(RecordRefused.class, () -> decode(json));
        assertEquals("field \"windows\": more than 64 windows", e.getMessage());
    }
}
