"""Reference data for the demo city: its units, delegations, deputies and categories."""

from __future__ import annotations

import random
from dataclasses import dataclass

TERM_NAME = "第十七届"
SESSION_NAME = "人民代表大会第三次会议"
SESSION_FULL_NAME = "第十七届人民代表大会第三次会议"

CATEGORIES = ("财政经济", "农业农村", "城建环资", "教科文卫", "内务司法", "社会建设", "其他")


@dataclass(frozen=True)
class DemoUnit:
    code: str  # login prefix: zjj_liaison, zjj_head
    name: str
    short_name: str
    kind: str = "government"
    liaison: str = ""
    head: str = ""


UNITS = (
    DemoUnit("fgw", "市发展和改革委员会", "发改委", liaison="钱晓燕", head="孙志刚"),
    DemoUnit("czj", "市财政局", "财政局", liaison="郑丽娟", head="冯国栋"),
    DemoUnit("jyj", "市教育局", "教育局", liaison="周文静", head="吴建华"),
    DemoUnit("zjj", "市住房和城乡建设局", "住建局", liaison="李明辉", head="赵卫东"),
    DemoUnit("jtj", "市交通运输局", "交通局", liaison="何佳怡", head="许振华"),
    DemoUnit("sthjj", "市生态环境局", "生态环境局", liaison="吕思琪", head="施永强"),
    DemoUnit("wjw", "市卫生健康委员会", "卫健委", liaison="张婷", head="曹立新"),
    DemoUnit("nyncj", "市农业农村局", "农业农村局", liaison="严海波", head="华德胜"),
    DemoUnit("mzj", "市民政局", "民政局", liaison="金晓梅", head="魏宏伟"),
    DemoUnit("rsj", "市人力资源和社会保障局", "人社局", liaison="陶然", head="姜永红"),
    DemoUnit("gaj", "市公安局", "公安局", liaison="戚志远", head="谢国平"),
    DemoUnit("zrzyj", "市自然资源和规划局", "自然资源和规划局", liaison="邹雨欣", head="喻建军"),
    DemoUnit("slj", "市水利局", "水利局", liaison="柏文涛", head="水长青"),
    DemoUnit("wglj", "市文化广电旅游局", "文广旅局", liaison="章雅琴", head="云海峰"),
    DemoUnit("scjgj", "市市场监督管理局", "市场监管局", liaison="苏晓东", head="潘立军"),
    DemoUnit("cgj", "市城市管理局", "城管局", liaison="葛晓丽", head="奚振国"),
    DemoUnit("yjglj", "市应急管理局", "应急局", liaison="范俊杰", head="彭卫国"),
    DemoUnit("ybj", "市医疗保障局", "医保局", liaison="鲁佳", head="韦建平"),
    DemoUnit("zy", "市中级人民法院", "中院", kind="court", liaison="昌慧敏", head="马振邦"),
    DemoUnit("jcy", "市人民检察院", "检察院", kind="procuratorate", liaison="苗雪", head="凤立民"),
)

# Which units lead (first) or co-handle suggestions of each category.
CATEGORY_UNITS = {
    "财政经济": ("fgw", "czj", "scjgj", "rsj"),
    "农业农村": ("nyncj", "slj", "zrzyj", "fgw"),
    "城建环资": ("zjj", "jtj", "sthjj", "cgj", "zrzyj"),
    "教科文卫": ("jyj", "wjw", "wglj", "ybj"),
    "内务司法": ("gaj", "zy", "jcy", "mzj"),
    "社会建设": ("mzj", "rsj", "ybj", "yjglj", "wjw"),
    "其他": ("fgw", "wglj", "yjglj", "cgj", "scjgj"),
}

DELEGATIONS = ("城东区代表团", "城西区代表团", "江北区代表团", "高新区代表团", "临江县代表团", "青山县代表团")

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
_GIVEN = (
    "建国",
    "秀英",
    "志强",
    "丽华",
    "海燕",
    "国庆",
    "红梅",
    "德明",
    "玉兰",
    "文军",
    "晓东",
    "春生",
    "桂芳",
    "振宇",
    "雪梅",
    "光明",
    "立平",
    "爱华",
    "永胜",
    "淑珍",
    "明亮",
    "慧敏",
    "金山",
    "凤英",
    "长江",
    "晓峰",
    "美玲",
    "卫平",
    "新民",
    "亚楠",
)
_OCCUPATIONS = (
    "街道党工委书记",
    "村党支部书记、村委会主任",
    "市第一人民医院主任医师",
    "实验中学校长",
    "律师事务所主任",
    "社区居委会主任",
    "农业专业合作社理事长",
    "机械制造有限公司董事长",
    "高新技术企业研发总监",
    "小学高级教师",
    "物流公司总经理",
    "镇人民政府镇长",
    "纺织厂车间主任",
    "大学教授",
    "个体工商户",
    "供电公司一线班组长",
)

DEPUTY_COUNT = 60
# The demo's named deputies: `deputy` leads many suggestions, `cosigner` co-signs them.
LEAD_DEPUTY_NAME = "陈建国"
COSIGNER_DEPUTY_NAME = "刘秀英"


@dataclass(frozen=True)
class DemoDeputy:
    name: str
    delegation: str
    occupation: str
    phone: str


def deputies(seed: int = 17) -> list[DemoDeputy]:
    """Sixty distinct names, ten per delegation; the first two are the named demo deputies."""
    rng = random.Random(seed)
    names = [LEAD_DEPUTY_NAME, COSIGNER_DEPUTY_NAME]
    while len(names) < DEPUTY_COUNT:
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        if name not in names:
            names.append(name)
    return [
        DemoDeputy(
            name=name,
            delegation=DELEGATIONS[i % len(DELEGATIONS)],
            occupation=rng.choice(_OCCUPATIONS),
            phone=f"139{rng.randrange(10**7, 10**8)}",
        )
        for i, name in enumerate(names)
    ]
