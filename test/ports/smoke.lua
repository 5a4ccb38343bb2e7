-- smoke.lua - Lua 5.4 (Debian's lua5.4, built unmodified) on Damselfly.
-- Run by test/libc/ports_smoke.c in /etc/ports as "lua smoke.lua"; its
-- standard output is compared with /etc/ports/smoke.lua.out (made by a
-- host build of the same Lua), line by line.  Every value printed is exact (no clock readings printed).

-- floating-point formatting
print(string.format("%.17g %.3f %g %g %e", 0.1, math.pi, 1e300 * 1e10, 2^53, 12345.678))
print(1/3, 10 / 2, 3 // 2, 7.5 // 2, 2^0.5, math.floor(-3.5), math.maxinteger)
print(tostring(1e15), tostring(-0.0), 0x10p-1, tonumber("  0x1A  "), tonumber("1e-3"))
print(string.format("%5.1f|%-6d|%x|%q", 3.14159, 42, 255, "a\nb"))

-- string functions
local s = "Hello, Damselfly world"
print(#s, s:upper(), s:sub(8, 16), s:rep(2, "-"):len())
print(s:find("world"), s:match("(%a+), (%a+)"))
print((s:gsub("o", "0")), select(2, s:gsub("l", "L")))
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w:reverse() end
print(table.concat(words, " "), string.byte("A"), string.char(72, 105))

-- tables
local t = {5, 3, 9, 1, 7}
table.sort(t)
print(table.concat(t, ","), #t, table.unpack(t, 2, 3))
table.insert(t, 1, 0); table.remove(t)
print(table.concat(t, ","))
local m = {}
for i = 1, 100 do m["k" .. i] = i * i end
local sum = 0
for _, v in pairs(m) do sum = sum + v end
print(sum, m.k10, rawlen({1, 2, 3}), next({}))
local mt = setmetatable({}, {__index = function(_, k) return k * 2 end,
	__add = function() return "added" end})
print(mt[21], mt + mt)

-- closures
local function counter()
	local n = 0
	return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
c1(); c1()
print(c1(), c2())

-- coroutines
local co = coroutine.create(function(a, b)
	local x = coroutine.yield(a + b)
	local y = coroutine.yield(x * 2)
	return "done", y
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, "last"))
print(coroutine.status(co), coroutine.resume(co))
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
print(gen(), gen(), gen())

-- pcall / error
print(pcall(function() error("boom") end))
print(type(select(2, pcall(function() error({code = 7}) end))))
print(select(2, pcall(function() error({code = 7}) end)).code)
print(pcall(function() local x = nil; return x.field end))
print(xpcall(function() error("deep", 0) end, function(e) return "handled: " .. e end))
print(select("#", pcall(error)))

-- os.time / os.clock / os.date
local t0 = os.time({year = 2000, month = 1, day = 1, hour = 12})
print(os.date("!%Y-%m-%d %H:%M:%S", 0), os.date("!%Y-%m-%d", 4102444800))
print(os.time({year = 2040, month = 6, day = 15, hour = 12}) - t0)
local d = os.date("!*t", 951782400)
print(d.year, d.month, d.day, d.wday, d.yday)
local now = os.time()
print(type(now), now > 1000000000, math.type(now))
local c = os.clock()
local x = 0
for i = 1, 200000 do x = x + i end
print(x, type(c), os.clock() >= c, c >= 0)
print(os.getenv("HOME") ~= nil, os.getenv("NO_SUCH_VARIABLE_X"))

-- io.open / io.write / io.lines on a file
local path = "/tmp/lua_smoke.txt"
local f = assert(io.open(path, "w"))
f:write("line one\n", 2, "\n", 3.5, "\n")
f:write(string.format("%d squared is %d\n", 12, 144))
f:close()
for line in io.lines(path) do io.write("[", line, "]\n") end
f = assert(io.open(path, "r"))
print(f:read("l"), f:read("n"), f:read("n"), f:seek("end"))
f:close()
f = assert(io.open(path, "a")); f:write("appended\n"); f:close()
local n = 0
for _ in io.lines(path) do n = n + 1 end
print(n, io.open("/no/such/file"))
print(os.remove(path), io.open(path))
io.write("end of smoke.lua\n")
