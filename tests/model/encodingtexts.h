#pragma once

#include <QList>
#include <QString>

// Texts in several languages, written for these tests, and the encodings to write them in:
// what the encoding tests detect, decode and search.
namespace EncodingTexts {

using namespace Qt::StringLiterals;

inline QString japanese()
{
    return u"東京の朝は早い。駅の改札を通り抜ける人々は、それぞれの目的地へ急いでいる。\n"
           u"私は小さな喫茶店に入り、温かいコーヒーを注文した。窓の外では雨が静かに降り始めていた。\n"
           u"今日の会議では、新しい計画について話し合う予定だ。資料はすでに準備してあるが、説明の順番をもう一度確認しておきたい。\n"
           u"午後になると空は晴れ、街には明るい光が戻ってきた。帰り道、本屋に立ち寄って歴史の本を一冊買った。\n"
           u"このソフトウェアは、大きなログファイルをすばやく開いて検索するための道具です。\n"
           u"エラーが発生した時刻は午前三時〜四時の間で、サーバーの記録には警告が二件残っていた。\n"_s;
}

inline QString simplifiedChinese()
{
    return u"今天早上天气很好，我和朋友一起去公园散步。公园里有很多人在锻炼身体，有的在跑步，有的在打太极拳。\n"
           u"我们在湖边坐了一会儿，看着水面上的小船慢慢地划过。\n"
           u"朋友说他最近在学习编程，想要开发一个可以快速打开大文件的软件。\n"
           u"下午我们去了图书馆，借了几本关于历史和经济的书。晚上回家以后，我做了一顿简单的晚饭，然后开始读书。\n"
           u"服务器日志显示，凌晨三点出现了两次警告，但是系统没有停止运行。\n"_s;
}

inline QString traditionalChinese()
{
    return u"今天早上天氣很好，我和朋友一起去公園散步。公園裡有很多人在鍛鍊身體，有的在跑步，有的在打太極拳。\n"
           u"我們在湖邊坐了一會兒，看著水面上的小船慢慢地划過。\n"
           u"朋友說他最近在學習程式設計，想要開發一個可以快速開啟大檔案的軟體。\n"
           u"下午我們去了圖書館，借了幾本關於歷史和經濟的書。晚上回家以後，我做了一頓簡單的晚飯，然後開始讀書。\n"
           u"伺服器的記錄顯示，凌晨三點出現了兩次警告，但是系統沒有停止運作。\n"_s;
}

inline QString korean()
{
    return u"오늘 아침에는 날씨가 아주 맑았습니다. 저는 친구와 함께 공원에 산책을 하러 갔습니다.\n"
           u"공원에는 운동을 하는 사람들이 많이 있었습니다. 우리는 호수 옆에 앉아서 잠시 이야기를 나누었습니다.\n"
           u"친구는 요즘 큰 파일을 빠르게 여는 프로그램을 만들고 있다고 말했습니다.\n"
           u"오후에는 도서관에 가서 역사와 경제에 관한 책을 몇 권 빌렸습니다. 저녁에는 집에서 간단한 식사를 하고 책을 읽었습니다.\n"
           u"서버 기록에는 새벽 세 시에 경고가 두 번 남아 있었지만 시스템은 멈추지 않았습니다.\n"_s;
}

inline QString russian()
{
    return u"Сегодня утром погода была прекрасной, и мы с другом пошли гулять в парк.\n"
           u"В парке было много людей, которые занимались спортом, бегали и катались на велосипедах.\n"
           u"Мы сели на скамейку у озера и долго разговаривали о работе и о планах на лето.\n"
           u"Мой друг сказал, что пишет программу, которая быстро открывает большие файлы журналов.\n"
           u"После обеда мы отправились в библиотеку и взяли несколько книг по истории и экономике.\n"
           u"Вечером я приготовил простой ужин и читал до поздней ночи, пока не погас свет.\n"_s;
}

// With characters windows-1252 has and ISO-8859-1 lacks (€, ’, œ, «).
inline QString french()
{
    return u"Ce matin, le café était déjà prêt quand je suis arrivé au bureau.\n"
           u"« Il faut vérifier les journaux du serveur », m’a dit ma collègue en riant.\n"
           u"Le fichier pesait près de deux gigaoctets ; l’ancien éditeur refusait de l’ouvrir.\n"
           u"Nous avons payé 30 € pour un outil qui n’a rien changé à l’affaire.\n"
           u"À midi, nous avons mangé une crêpe à la crème près de la gare, sous un soleil d’été.\n"
           u"L’après-midi fut consacré à l’analyse des événements : le cœur du problème était une fuite de mémoire.\n"_s;
}

// Only ISO-8859-1's characters.
inline QString german()
{
    return u"Größere Dateien öffnen sich schnell, und die Suche läuft über alle Zeilen.\n"
           u"Herr Müller äußerte, dass die Übersicht über die Prüfungen noch fehlt.\n"
           u"Schöne Grüße aus Köln; später schreibe ich mehr über die Änderungen am Gerät.\n"
           u"Die Bäckerei öffnet um sieben Uhr, während das Büro erst um neun Uhr aufmacht.\n"
           u"Für die nächste Woche sind Gespräche über die Maßnahmen zur Verbesserung geplant.\n"_s;
}

// Spanish: few bytes above ASCII, which some Central European encodings read as letters too.
inline QString spanish()
{
    return u"¿Desea continuar con la instalación del paquete?\n"
           u"El año pasado el señor Muñoz escribió un informe sobre los errores del servidor.\n"
           u"¡No se pudo abrir el archivo! Compruebe que existe y que tiene permiso de lectura.\n"
           u"La búsqueda terminó después de revisar todas las líneas del registro.\n"_s;
}

// Polish: many letters windows-1252 lacks (ł, ś, ż, ą, ę), for the other side of that.
inline QString polish()
{
    return u"Wczoraj wieczorem długo rozmawialiśmy o tym, jak szybko otworzyć bardzo duży plik dziennika.\n"
           u"Żółta łódź płynęła powoli po jeziorze, a na brzegu stały małe drewniane domki.\n"
           u"Serwer zgłosił błąd o trzeciej w nocy, ale system działał dalej bez żadnej przerwy.\n"
           u"Następnego dnia przejrzeliśmy wszystkie wiersze i znaleźliśmy przyczynę problemu.\n"_s;
}

struct Sample {
    const char *encoding;    // the name it is written in and should be detected as
    const char *alsoAllowed; // another name detection may give for the same bytes, or nullptr
    QString text;
};

inline QList<Sample> samples()
{
    return {
        {"UTF-8", nullptr, japanese() + russian()},
        {"windows-1252", nullptr, french()},
        {"windows-1252", "ISO-8859-1", spanish()},
        {"ISO-8859-1", "windows-1252", german()},
        {"Shift_JIS", nullptr, japanese()},
        {"EUC-JP", nullptr, japanese()},
        {"GB18030", nullptr, simplifiedChinese()},
        {"Big5", nullptr, traditionalChinese()},
        {"EUC-KR", nullptr, korean()},
        {"KOI8-R", nullptr, russian()},
        {"windows-1251", nullptr, russian()},
    };
}

} // namespace EncodingTexts
